using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Mutations;
using Dangjian.Core.Importing;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.Features.Directives;

/// <summary>
/// <c>importDirective</c>: an editor pastes or uploads the text of an official document and gets it back structured,
/// with what the parser was unsure about. An import is a DRAFT unless <c>publish</c> says otherwise, so that the editor
/// can check the structure before readers see it.
/// </summary>
public static class ImportDirectiveMutation
{
    public static void Add(ObjectGraphType mutation)
    {
        mutation.Mutation<ImportDirectiveInputType>("importDirective",
            "An editor imports an official document (公文: 通知, 决定, 意见, 通报, 函 …) from its text — typed, or extracted from a PDF. " +
            "The text is parsed into title, issuer, addressees, date, numbered sections (with stable IDs), contact details and attachments, " +
            "and kept verbatim with its SHA-256. Importing a text that was imported before returns that directive (alreadyImported) instead of a copy. " +
            "An issuer that is not in the organisation tree is added as an outside (EXTERNAL) organisation in the same commit.",
            MutationErrors.Validation | MutationErrors.Forbidden,
            payload =>
            {
                payload.Field<DirectiveGraphType>("directive")
                    .Description("The imported directive, or — when alreadyImported — the one imported from the same text before; null when the import failed.")
                    .Resolve(c => Outcome(c)?.Directive);
                payload.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportWarningGraphType>>>>("warnings")
                    .Description("What the parser was unsure about (no date found, title guessed, issuer added …), for the editor to check; empty when it was sure of everything, when the text was imported before, or when the import failed.")
                    .Resolve(c => Outcome(c)?.Warnings ?? []);
                payload.Field<NonNullGraphType<BooleanGraphType>>("alreadyImported")
                    .Description("True when this text was imported before (see `match`): `directive` is that earlier import, unchanged, and nothing was written.")
                    .Resolve(c => Outcome(c)?.AlreadyImported ?? false);
                payload.Field<ImportMatchGraphType>("match")
                    .Description("How the text matched the earlier import when alreadyImported: the same text, or the same once line endings, spaces and full-width forms are normalised (the same directive saved as GB18030 with CRLF and as UTF-8 with LF); null for a new directive.")
                    .Resolve(c => Outcome(c)?.Match);
            },
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var request = new ImportRequest(reader.String("text") ?? "")
                {
                    SourceName = reader.String("sourceName"),
                    Publish = reader.Bool("publish") ?? false,
                    IssuedOn = reader.Date("issuedOn"),
                };
                var importer = c.RequestServices!.GetRequiredService<DirectiveImporter>();
                return (await importer.ImportAsync(c.Request().Caller, request, c.CancellationToken)).Boxed();
            });
    }

    private static ImportResult? Outcome(IResolveFieldContext<Payload> context) => context.Source.Result as ImportResult;
}

public sealed class ImportDirectiveInputType : InputObjectGraphType
{
    public ImportDirectiveInputType()
    {
        Name = "ImportDirectiveInput";
        Description = "The text of an official document to import.";
        Field<NonNullGraphType<StringGraphType>>("text")
            .Description("The document's full text, as typed or as extracted from a PDF (line breaks in the middle of words and sentences are fine). At most Dangjian:Import:MaxBytes bytes of UTF-8 (2 MB by default).");
        Field<StringGraphType>("sourceName").Description("Where the text came from, e.g. its file name; kept with the original text.");
        Field<DateType>("issuedOn").Description(
            "The date of issue when you know it from elsewhere (an archive's catalogue): it wins over the date found in the text (a DATE_GIVEN warning says when they differ) and stands in for a missing one, which would otherwise be today. 1921-07-01 to today, China time.");
        Field<BooleanGraphType>("publish").DefaultValue(false)
            .Description("Publish the directive at once. By default it is a DRAFT, visible to editors only, until publishDirective.");
    }
}

public sealed class ImportMatchGraphType() : DescribedEnumType<ImportMatch>("ImportMatch",
    "How an imported text was recognised as one imported before.",
    new Dictionary<ImportMatch, string>
    {
        [ImportMatch.SameText] = "The very same text (its SHA-256), whatever encoding the file had.",
        [ImportMatch.SameNormalizedText] = "The same text once line endings, spaces and full-width letters, digits and punctuation are normalised (NFKC): a copy of it.",
    });

public sealed class ImportWarningGraphType : ObjectGraphType<ImportWarning>
{
    public ImportWarningGraphType()
    {
        Name = "ImportWarning";
        Description = "Something the importer was unsure about and did not guess silently. Check the directive and correct it with updateDirective.";
        Field(w => w.Code).Description(
            $"What kind of doubt, for programs: {string.Join(", ", ImportWarningCodes.All.SkipLast(1))} or {ImportWarningCodes.All[^1]}.");
        Field(w => w.Message).Description("What the importer was unsure about and what it did, for people.");
        Field(w => w.Line, nullable: true).Description("The 1-based line of the original text it is about, when there is one.");
    }
}
