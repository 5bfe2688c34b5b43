using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Mutations;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.Features.Directives;

public static class DirectiveMutations
{
    public static void Add(ObjectGraphType mutation)
    {
        mutation.Mutation<DirectiveGraphType, CreateDirectiveInputType>("createDirective",
            "An editor drafts a directive by hand (DRAFT until published). Sections get stable IDs.", "directive",
            MutationErrors.Validation | MutationErrors.Forbidden,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var content = ReadContent(reader, null);
                return reader.Error ?? (await Service(c).CreateAsync(c.Request().Caller, content, c.CancellationToken)).Boxed();
            });

        mutation.Mutation<DirectiveGraphType, UpdateDirectiveInputType>("updateDirective",
            "An editor corrects a directive. Sections sent with their ID keep it (and the links to it); sections without one are new; a section that activities or stories link to cannot be dropped.",
            "directive", MutationErrors.Update | MutationErrors.ForbiddenTransition,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var id = reader.Id("id", Kinds.Directive.TypeName);
                var content = ReadContent(reader, id);
                return reader.Error ?? (await Service(c).UpdateAsync(c.Request().Caller, id!, reader.Version(), content, reader.String("note"), c.CancellationToken)).Boxed();
            });

        mutation.Mutation<DirectiveGraphType, PublishDirectiveInputType>("publishDirective",
            "An editor publishes a draft directive: from now on everyone sees it.", "directive",
            MutationErrors.Update | MutationErrors.ForbiddenTransition,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var id = reader.Id("id", Kinds.Directive.TypeName);
                return reader.Error ?? (await Service(c).PublishAsync(c.Request().Caller, id!, reader.Version(), c.CancellationToken)).Boxed();
            });

        mutation.Mutation<DirectiveGraphType, RescindDirectiveInputType>("rescindDirective",
            "An editor rescinds (撤销) a published directive. It stays visible, marked RESCINDED; nothing is deleted.", "directive",
            MutationErrors.Update | MutationErrors.ForbiddenTransition,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var id = reader.Id("id", Kinds.Directive.TypeName);
                return reader.Error ?? (await Service(c).RescindAsync(c.Request().Caller, id!, reader.Version(), reader.String("note"), c.CancellationToken)).Boxed();
            });

        ImportDirectiveMutation.Add(mutation);
    }

    private static DirectiveContent ReadContent(InputReader reader, string? directiveId)
    {
        var contact = reader.Object("contact");
        var contactReader = contact is null ? null : new InputReader(contact);
        return new DirectiveContent
        {
            Title = reader.String("title"),
            DocumentType = reader.Enum<DocumentType>("documentType"),
            DocumentNumber = reader.String("documentNumber"),
            IssuerId = reader.Id("issuerId", Kinds.Organization.TypeName),
            Addressees = reader.Strings("addressees"),
            IssuedOn = reader.Date("issuedOn"),
            Preamble = reader.String("preamble"),
            Sections = reader.Objects("sections")?.Select((section, i) =>
            {
                var s = new InputReader(section);
                var sectionId = s.String("id") is { } raw ? reader.Decode(raw, DirectiveSection.TypeName, ["input", "sections", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "id"]) : null;
                if (sectionId is not null && directiveId is not null && DirectiveSection.DirectiveIdOf(sectionId) != directiveId)
                    reader.Fail(Error.Validation($"sections.{i}.id belongs to another directive.", "input", "sections", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "id"));
                return new SectionContent(sectionId, s.String("heading"), s.String("body"));
            }).ToList(),
            Closing = reader.String("closing"),
            ContactEmails = contactReader?.Strings("emails"),
            ContactPhones = contactReader?.Strings("phones"),
            ContactText = contactReader?.String("text"),
            Attachments = reader.Strings("attachments"),
            References = reader.Strings("references"),
            Tags = reader.Strings("tags"),
        };
    }

    private static DirectiveService Service(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<DirectiveService>();
}

internal static class DirectiveInputFields
{
    public static void AddContent(InputObjectGraphType type, bool required)
    {
        type.Content<StringGraphType>("title", required, "The title.");
        type.Content<IdGraphType>("issuerId", required, "The issuing organisation.");
        type.Content<DateType>("issuedOn", required, "The date on the document.");
        type.Field<DocumentTypeGraphType>("documentType").Description("通知, 决定, 意见 … (default NOTICE).");
        type.Field<StringGraphType>("documentNumber").Description("文号, when there is one.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("addressees").Description("主送, as written.");
        type.Field<StringGraphType>("preamble").Description("The text before the first section.");
        type.Field<ListGraphType<NonNullGraphType<DirectiveSectionInputType>>>("sections").Description("All sections, in order (they are numbered by their position).");
        type.Field<StringGraphType>("closing").Description("The closing formula, e.g. 特此通知.");
        type.Field<ContactInputType>("contact").Description("Contact details.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("attachments").Description("附件 titles.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("references").Description("Higher directives it carries out.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("Subject tags.");
    }
}

public sealed class DirectiveSectionInputType : InputObjectGraphType
{
    public DirectiveSectionInputType()
    {
        Name = "DirectiveSectionInput";
        Description = "A section: send an existing section's ID to keep it (and the links to it); leave it out for a new section.";
        Field<IdGraphType>("id").Description("The ID of an existing section of this directive.");
        Field<NonNullGraphType<StringGraphType>>("heading").Description("The heading, e.g. 在政治坚定狠抓落实上作表率.");
        Field<StringGraphType>("body").Description("The text after the heading.");
    }
}

public sealed class ContactInputType : InputObjectGraphType
{
    public ContactInputType()
    {
        Name = "ContactInput";
        Description = "Contact details in a directive.";
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("emails").Description("E-mail addresses.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("phones").Description("Telephone numbers.");
        Field<StringGraphType>("text").Description("The contact line as written.");
    }
}

public sealed class CreateDirectiveInputType : InputObjectGraphType
{
    public CreateDirectiveInputType()
    {
        Name = "CreateDirectiveInput";
        Description = "A new directive, entered by hand (to import a text, use importDirective).";
        DirectiveInputFields.AddContent(this, required: true);
    }
}

public sealed class UpdateDirectiveInputType : StepInputType
{
    public UpdateDirectiveInputType()
        : base("UpdateDirectiveInput", "directive", "Changes to a directive; fields left out stay as they are.") =>
        DirectiveInputFields.AddContent(this, required: false);
}

public sealed class PublishDirectiveInputType() : StepInputType("PublishDirectiveInput", "directive", "Which directive to publish.", withNote: false);
public sealed class RescindDirectiveInputType() : StepInputType("RescindDirectiveInput", "directive", "Which directive to rescind, and why.");
