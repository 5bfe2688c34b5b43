using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Mutations;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.Features.StudyMaterials;

public static class StudyMaterialMutations
{
    public static void Add(ObjectGraphType mutation)
    {
        mutation.Mutation<StudyMaterialGraphType, CreateStudyMaterialInputType>("createStudyMaterial",
            "An editor adds a study material.", "studyMaterial", MutationErrors.Validation | MutationErrors.Forbidden,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var content = ReadContent(reader);
                return reader.Error ?? (await Service(c).CreateAsync(c.Request().Caller, content, c.CancellationToken)).Boxed();
            });
        mutation.Mutation<StudyMaterialGraphType, UpdateStudyMaterialInputType>("updateStudyMaterial",
            "An editor corrects a study material; fields left out stay as they are.", "studyMaterial", MutationErrors.Update,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var id = reader.Id("id", Kinds.StudyMaterial.TypeName);
                var content = ReadContent(reader);
                return reader.Error ?? (await Service(c).UpdateAsync(c.Request().Caller, id!, reader.Version(), content, reader.String("note"), c.CancellationToken)).Boxed();
            });
        mutation.Mutation<StudyMaterialGraphType, ArchiveStudyMaterialInputType>("archiveStudyMaterial",
            "An editor withdraws a study material from use (→ ARCHIVED). Nothing is deleted.", "studyMaterial",
            MutationErrors.Update | MutationErrors.ForbiddenTransition,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var id = reader.Id("id", Kinds.StudyMaterial.TypeName);
                return reader.Error ?? (await Service(c).ArchiveAsync(c.Request().Caller, id!, reader.Version(), reader.String("note"), c.CancellationToken)).Boxed();
            });
    }

    private static StudyMaterialContent ReadContent(InputReader reader) => new()
    {
        Title = reader.String("title"),
        Kind = reader.Enum<StudyMaterialKind>("kind"),
        Source = reader.String("source"),
        PublishedOn = reader.Date("publishedOn"),
        Summary = reader.String("summary"),
        Body = reader.String("body"),
        Tags = reader.Strings("tags"),
    };

    private static StudyMaterialService Service(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<StudyMaterialService>();
}

internal static class StudyMaterialInputFields
{
    public static void AddContent(InputObjectGraphType type, bool required)
    {
        type.Content<StringGraphType>("title", required, "The title.");
        type.Content<StudyMaterialKindGraphType>("kind", required, "What kind of material it is.");
        type.Content<DateType>("publishedOn", required, "When it was published.");
        type.Content<StringGraphType>("body", required, "The full text.");
        type.Field<StringGraphType>("source").Description("Where the text comes from.");
        type.Field<StringGraphType>("summary").Description("A short summary.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("Subject tags.");
    }
}

public sealed class CreateStudyMaterialInputType : InputObjectGraphType
{
    public CreateStudyMaterialInputType()
    {
        Name = "CreateStudyMaterialInput";
        Description = "A new study material.";
        StudyMaterialInputFields.AddContent(this, required: true);
    }
}

public sealed class UpdateStudyMaterialInputType : StepInputType
{
    public UpdateStudyMaterialInputType()
        : base("UpdateStudyMaterialInput", "study material", "Changes to a study material; fields left out stay as they are.") =>
        StudyMaterialInputFields.AddContent(this, required: false);
}

public sealed class ArchiveStudyMaterialInputType() : StepInputType("ArchiveStudyMaterialInput", "study material", "Which study material to archive.");
