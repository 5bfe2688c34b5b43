using Dangjian.Core.Documents;

namespace Dangjian.Core.Search;

/// <summary>The index layout: one Lucene document per store document, with these fields.</summary>
public static class SearchFields
{
    /// <summary>"Kind:id": the term updates and deletes address, and (as doc values) the tie-breaker of every sort.</summary>
    public const string Key = "key";

    /// <summary>The kind's type name: a term to filter on and doc values to count.</summary>
    public const string Kind = "kind";

    /// <summary>The store version the entry was built from (doc values), for `check`.</summary>
    public const string Version = "version";

    /// <summary>The document's date as Unix milliseconds (doc values): the date sort and the year facet.</summary>
    public const string Date = "date";

    /// <summary>The document's calendar day in China as yyyyMMdd (a numeric term): the date range filter.</summary>
    public const string Day = "day";

    /// <summary>Every organisation the document belongs to and all their ancestors: a subtree is one term.</summary>
    public const string Organization = "org";

    /// <summary>The organisations just under the root on those paths (doc values): the organisation facet.</summary>
    public const string TopOrganization = "toporg";

    /// <summary>Tags: terms to filter on and doc values to count.</summary>
    public const string Tag = "tag";

    /// <summary>Title and text, analysed into SmartCn words (for ranking).</summary>
    public const string TitleWords = "title.w";
    public const string TextWords = "text.w";

    /// <summary>Title and text, analysed into CJK bigrams (for matching), stored for highlighting and related documents.</summary>
    public const string TitleBigrams = "title.b";
    public const string TextBigrams = "text.b";

    /// <summary>The prefix of the exact-value terms of a kind's enum and id fields (f.status, f.submittingOrganizationId …).</summary>
    public const string ValuePrefix = "f.";

    /// <summary>The kinds the index holds (<see cref="DocumentKind.IsSearchable"/>). Organisations are not searched; they give documents their paths.</summary>
    public static IReadOnlyList<DocumentKind> Kinds => Documents.Kinds.Searchable;

    public static bool IsSearchable(DocumentKind kind) => kind.IsSearchable;

    public static string KeyOf(DocumentKind kind, string id) => kind.TypeName + ":" + id;

    public static (DocumentKind Kind, string Id) ParseKey(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 ? Documents.Kinds.FromTypeName(key[..colon]) : null;
        return kind is not null ? (kind, key[(colon + 1)..]) : throw new FormatException($"'{key}' is not an index key.");
    }

    public static string ValueField(string fieldName) => ValuePrefix + fieldName;
}
