using System.Globalization;
using Dangjian.Core.Documents;
using Lucene.Net.Documents;
using Lucene.Net.Util;
using Document = Dangjian.Core.Documents.Document;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace Dangjian.Core.Search;

/// <summary>Turns a store document into its index entry. Pure: the same document and paths give the same entry.</summary>
public static class SearchDocumentMapper
{
    private static readonly FieldType BigramType = CreateBigramType();

    /// <summary>The date the document is filtered, sorted and counted by.</summary>
    public static DateTimeOffset DateOf(Document document) => Kinds.Of(document) is { IsSearchable: true } kind
        ? kind.DateOf(document)!.Value
        : throw new ArgumentException($"{document.GetType().Name} is not searchable.", nameof(document));

    public static int DayNumber(DateOnly day) => day.Year * 10_000 + day.Month * 100 + day.Day;

    public static int YearOf(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).ToOffset(ChinaTime.Offset).Year;

    /// <param name="pathOf">An organisation's path from the root down to itself.</param>
    public static LuceneDocument Map(Document document, Func<string, IReadOnlyList<string>> pathOf)
    {
        var kind = Kinds.Of(document);
        if (!SearchFields.IsSearchable(kind))
            throw new ArgumentException($"{kind} documents are not searchable.", nameof(document));
        var entry = new LuceneDocument();
        var key = SearchFields.KeyOf(kind, document.Id);
        entry.Add(new StringField(SearchFields.Key, key, Field.Store.NO));
        entry.Add(new SortedDocValuesField(SearchFields.Key, new BytesRef(key)));
        entry.Add(new StringField(SearchFields.Kind, kind.TypeName, Field.Store.NO));
        entry.Add(new SortedDocValuesField(SearchFields.Kind, new BytesRef(kind.TypeName)));
        entry.Add(new NumericDocValuesField(SearchFields.Version, document.Version));

        var date = DateOf(document);
        entry.Add(new NumericDocValuesField(SearchFields.Date, date.ToUnixTimeMilliseconds()));
        entry.Add(new Int32Field(SearchFields.Day, DayNumber(ChinaTime.Day(date)), Field.Store.NO));

        AddOrganizations(entry, kind.OrganizationIdsOf(document), pathOf);
        AddValueFields(entry, kind, document);
        foreach (var tag in kind.TagsOf(document).Distinct(StringComparer.Ordinal))
        {
            entry.Add(new StringField(SearchFields.Tag, tag, Field.Store.NO));
            entry.Add(new SortedSetDocValuesField(SearchFields.Tag, new BytesRef(tag)));
        }

        var (title, texts) = kind.TextOf(document);
        entry.Add(new TextField(SearchFields.TitleWords, title, Field.Store.NO));
        entry.Add(new Field(SearchFields.TitleBigrams, title, BigramType));
        foreach (var text in texts)
        {
            if (!IsIndexedText(text))
                continue;
            entry.Add(new TextField(SearchFields.TextWords, text, Field.Store.NO));
            entry.Add(new Field(SearchFields.TextBigrams, text, BigramType));
        }
        return entry;
    }

    /// <summary>Blank text values are not indexed (so positions and offsets skip them).</summary>
    internal static bool IsIndexedText(string text) => !string.IsNullOrWhiteSpace(text);

    private static void AddOrganizations(LuceneDocument entry, IEnumerable<string> organizationIds, Func<string, IReadOnlyList<string>> pathOf)
    {
        var members = new HashSet<string>(StringComparer.Ordinal);
        var tops = new HashSet<string>(StringComparer.Ordinal);
        foreach (var organizationId in organizationIds)
        {
            var path = pathOf(organizationId);
            members.UnionWith(path);
            // The organisation under the root; a document of the root itself (or of an outside issuer) counts under it.
            tops.Add(path.Count >= 2 ? path[1] : path[0]);
        }
        foreach (var id in members)
            entry.Add(new StringField(SearchFields.Organization, id, Field.Store.NO));
        foreach (var id in tops)
            entry.Add(new SortedSetDocValuesField(SearchFields.TopOrganization, new BytesRef(id)));
    }

    /// <summary>
    /// Every enum and id field the kind defines, as exact terms: what the visibility rule and the status filter
    /// name (f.status, f.submittingOrganizationId), translated from the same store-neutral filters the stores run.
    /// </summary>
    private static void AddValueFields(LuceneDocument entry, DocumentKind kind, Document document)
    {
        foreach (var field in kind.Fields)
        {
            if (field.Type is not (FieldKind.Enum or FieldKind.Id))
                continue;
            var name = SearchFields.ValueField(field.Name);
            if (field.IsList)
            {
                foreach (var value in field.ReadList(document))
                    entry.Add(new StringField(name, Convert.ToString(value, CultureInfo.InvariantCulture)!, Field.Store.NO));
            }
            else if (field.Read(document) is { } value)
            {
                entry.Add(new StringField(name, Convert.ToString(value, CultureInfo.InvariantCulture)!, Field.Store.NO));
            }
        }
    }


    /// <summary>
    /// Stored, for highlighting and MoreLikeThis, without term vectors: the highlighter finds a word of Chinese
    /// characters as written in the stored text and re-analyses it into bigrams for anything else, and MoreLikeThis
    /// analyses the stored text. Term vectors with positions and offsets made indexing 1.8 times slower and the
    /// index 1.8 times larger (measured on the laws corpus) for no search they were still needed in.
    /// </summary>
    private static FieldType CreateBigramType()
    {
        var type = new FieldType(TextField.TYPE_STORED);
        type.Freeze();
        return type;
    }
}
