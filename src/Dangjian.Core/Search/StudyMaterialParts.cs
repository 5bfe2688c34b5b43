using System.Text.RegularExpressions;

namespace Dangjian.Core.Search;

/// <summary>A part of a study material (一、学习要点 or a Markdown heading): the unit a hit in it points to.</summary>
public sealed record StudyMaterialPart(int Number, string Heading, string Body)
{
    /// <summary>The fragment of the material's page that shows the part, e.g. part-2.</summary>
    public string Anchor => "part-" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Splits a study material's body into its parts, as directives are split into sections: at lines that begin with a
/// Chinese ordinal (一、 … 十九、) or are Markdown headings (## 学习要点). A body without such lines has no parts. The
/// text before the first part is its lead, searched but belonging to no part. Pure, so the index and the highlighter
/// (which both read <see cref="Documents.Kinds.StudyMaterial"/>'s text values) always cut the same parts.
/// </summary>
public static partial class StudyMaterialParts
{
    /// <summary>The heading ends at the first full stop or colon of the line; the rest of the line opens the part's body.</summary>
    [GeneratedRegex(@"^[ \t]*(?:#{1,6}[ \t]+|[一二三四五六七八九十]{1,3}、[ \t]*)(?<heading>[^。：:\n]*[。：:]?)(?<rest>.*)$", RegexOptions.Multiline)]
    private static partial Regex HeadingLine();

    public static (string Lead, IReadOnlyList<StudyMaterialPart> Parts) Split(string body)
    {
        var parts = new List<StudyMaterialPart>();
        var matches = HeadingLine().Matches(body ?? "");
        if (matches.Count == 0)
            return (body ?? "", parts);
        var lead = body![..matches[0].Index].Trim();
        for (var i = 0; i < matches.Count; i++)
        {
            var match = matches[i];
            var end = i + 1 < matches.Count ? matches[i + 1].Index : body.Length;
            var heading = match.Groups["heading"].Value.Trim().TrimEnd('。', '：', ':').Trim();
            var rest = match.Groups["rest"].Value + body[(match.Index + match.Length)..end];
            parts.Add(new StudyMaterialPart(i + 1, heading, rest.Trim()));
        }
        return (lead, parts);
    }

    /// <summary>The body's text values in index order: the lead, then each part's heading and body.</summary>
    public static IEnumerable<string> TextsOf(string body)
    {
        var (lead, parts) = Split(body);
        if (parts.Count == 0)
            return [lead];
        return parts.SelectMany(p => new[] { p.Heading, p.Body }).Prepend(lead);
    }
}
