using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// Highlights a hit from its stored text. A word of Chinese characters only (what researchers type) is matched where
/// its bigrams stand in a row, which is exactly where it occurs as written, so it is found with a string search; any
/// other word or phrase (Latin, digits, a lone character) is found by analysing the stored text into bigrams again,
/// with the offsets and position gaps the index used. Fragments are cut around the matches, ending at punctuation
/// where one is near. The FastVectorHighlighter this replaces read the term vectors and walked every term of them,
/// turning each into a string, and loaded the stored document, once per field: about 0.15 ms a hit on the laws corpus,
/// twenty hits a page; the term vectors it needed made indexing 1.8 times slower.
/// </summary>
internal sealed class SearchHighlighter(Analyzer bigrams, int fragmentSize, int maxFragments)
{
    /// <summary>Characters of context kept before the first match of a fragment (as the FastVectorHighlighter's list builder keeps).</summary>
    private const int Margin = 6;

    /// <summary>How far a fragment's ends move to reach punctuation.</summary>
    private const int MaxBoundaryScan = 20;

    private static readonly char[] Boundaries = ['。', '！', '？', '；', '，', '、', '：', '.', '!', '?', ';', ',', ' ', '\t', '\n'];

    /// <summary>What to look for: each word and phrase that must or may match (excluded words never occur in a hit).</summary>
    public IReadOnlyList<HighlightTerm> Prepare(IEnumerable<SearchTerm> required)
    {
        var terms = new List<HighlightTerm>();
        foreach (var term in required)
        {
            var tokens = SearchQueryBuilder.Analyze(bigrams, SearchFields.TextBigrams, term.Text);
            if (tokens.Count == 0)
                continue;
            // A lone Chinese character is searched as the pairs it starts (a prefix), so those pairs are what is marked.
            var prefix = tokens.Count == 1 && tokens[0].Type == CJKBigramFilter.SINGLE_TYPE;
            var literal = !prefix && term.Text.Trim() is { Length: >= 2 } text && text.All(IsHan) ? text : null;
            terms.Add(new HighlightTerm(tokens.Select(t => new BytesRef(t.Value)).ToArray(), tokens.Select(t => t.Position - tokens[0].Position).ToArray(), prefix, literal));
        }
        return terms;
    }

    public List<SearchHighlight> Highlight(IReadOnlyList<HighlightTerm> terms, AtomicReader reader, int doc)
    {
        var highlights = new List<SearchHighlight>(2);
        if (terms.Count == 0)
            return highlights;
        var stored = reader.Document(doc);
        return Highlight(terms, stored.GetValues(SearchFields.TitleBigrams), stored.GetValues(SearchFields.TextBigrams));
    }

    /// <summary>Highlights of a title and text values as the index holds them (empty and blank text values left out).</summary>
    public List<SearchHighlight> Highlight(IReadOnlyList<HighlightTerm> terms, string[] titles, string[] texts)
    {
        var highlights = new List<SearchHighlight>(2);
        if (terms.Count == 0)
            return highlights;
        var literal = terms.All(t => t.Literal is not null);
        var titleSpans = literal ? LiteralSpans(titles, terms) : AnalyzedSpans(SearchFields.TitleBigrams, titles, terms);
        var textSpans = literal ? LiteralSpans(texts, terms) : AnalyzedSpans(SearchFields.TextBigrams, texts, terms);
        if (titleSpans.Count == 0 && textSpans.Count == 0)
            return highlights;
        if (titleSpans.Count > 0 && titles is [var title, ..])
            highlights.Add(new SearchHighlight(SearchHighlightField.Title, [Mark(title, 0, title.Length, titleSpans)]));
        if (textSpans.Count > 0)
        {
            var fragments = TextFragments(texts, textSpans);
            if (fragments.Count > 0)
                highlights.Add(new SearchHighlight(SearchHighlightField.Text, fragments));
        }
        return highlights;
    }

    /// <summary>Every occurrence of the literal words in the values, in the offsets the vectors would give (values joined by the offset gap).</summary>
    private List<Span> LiteralSpans(string[] values, IReadOnlyList<HighlightTerm> terms)
    {
        var spans = new List<Span>();
        var gap = bigrams.GetOffsetGap(SearchFields.TextBigrams);
        var valueStart = 0;
        foreach (var value in values)
        {
            foreach (var term in terms)
            {
                for (var at = value.IndexOf(term.Literal!, StringComparison.Ordinal); at >= 0; at = value.IndexOf(term.Literal!, at + 1, StringComparison.Ordinal))
                    spans.Add(new Span(valueStart + at, valueStart + at + term.Literal!.Length));
            }
            valueStart += value.Length + gap;
        }
        return Merge(spans);
    }

    /// <summary>CJK unified ideographs (and extension A, compatibility ideographs): what the bigram analyzer pairs up.</summary>
    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>
    /// The matches in one field's values, found by analysing them into bigrams as the index did: positions run on
    /// across values with the analyzer's position gap, offsets with its offset gap.
    /// </summary>
    private List<Span> AnalyzedSpans(string field, string[] values, IReadOnlyList<HighlightTerm> terms)
    {
        var wanted = terms.Where(t => !t.Prefix).SelectMany(t => t.Tokens).Select(t => t.Utf8ToString()).ToHashSet(StringComparer.Ordinal);
        var prefixes = terms.Where(t => t.Prefix).Select(t => t.Tokens[0].Utf8ToString()).ToList();
        var occurrences = new Dictionary<string, List<Occurrence>>(StringComparer.Ordinal);
        var prefixed = new List<Span>();
        int position = -1, valueStart = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
                position += bigrams.GetPositionIncrementGap(field);
            using var stream = bigrams.GetTokenStream(field, values[i]);
            var text = stream.AddAttribute<ICharTermAttribute>();
            var increment = stream.AddAttribute<IPositionIncrementAttribute>();
            var offsets = stream.AddAttribute<IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                position += increment.PositionIncrement;
                var token = text.ToString();
                var occurrence = new Occurrence(position, valueStart + offsets.StartOffset, valueStart + offsets.EndOffset);
                if (wanted.Contains(token))
                    (occurrences.TryGetValue(token, out var list) ? list : occurrences[token] = []).Add(occurrence);
                if (prefixes.Any(p => token.StartsWith(p, StringComparison.Ordinal)))
                    prefixed.Add(new Span(occurrence.Start, occurrence.End));
            }
            stream.End();
            valueStart += values[i].Length + bigrams.GetOffsetGap(field);
        }

        var spans = prefixed;
        foreach (var term in terms.Where(t => !t.Prefix))
        {
            var found = term.Tokens.Select(t => occurrences.GetValueOrDefault(t.Utf8ToString()) ?? []).ToList();
            if (found.Any(f => f.Count == 0))
                continue;
            // A phrase: each later bigram where it stands relative to the first.
            var at = found.Skip(1).Select(f => f.ToDictionary(o => o.Position)).ToList();
            foreach (var start in found[0])
            {
                var end = start.End;
                var complete = true;
                for (var i = 1; i < term.Tokens.Length && complete; i++)
                {
                    complete = at[i - 1].TryGetValue(start.Position + term.Positions[i], out var next);
                    end = Math.Max(end, next.End);
                }
                if (complete)
                    spans.Add(new Span(start.Start, end));
            }
        }
        return Merge(spans);
    }

    private static List<Span> Merge(List<Span> spans)
    {
        spans.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var merged = new List<Span>(spans.Count);
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start < merged[^1].End)
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, span.End) };
            else
                merged.Add(span);
        }
        return merged;
    }

    private static List<Occurrence> Lookup(TermsEnum termsEnum, BytesRef token, ref DocsAndPositionsEnum? reuse) =>
        termsEnum.SeekExact(token) ? Occurrences(termsEnum, ref reuse) : [];

    private static List<Occurrence> Occurrences(TermsEnum termsEnum, ref DocsAndPositionsEnum? reuse)
    {
        var occurrences = new List<Occurrence>();
        reuse = termsEnum.DocsAndPositions(null, reuse, DocsAndPositionsFlags.OFFSETS);
        if (reuse is null || reuse.NextDoc() == Lucene.Net.Search.DocIdSetIterator.NO_MORE_DOCS)
            return occurrences;
        for (var i = reuse.Freq; i > 0; i--)
        {
            var position = reuse.NextPosition();
            if (reuse.StartOffset >= 0)
                occurrences.Add(new Occurrence(position, reuse.StartOffset, reuse.EndOffset));
        }
        return occurrences;
    }

    /// <summary>
    /// Fragments of the text values around the matches, best (most matches) first, at most <c>maxFragments</c>;
    /// a fragment never spans two values. Offsets in the vectors run on across values: each value starts after the
    /// previous one's length plus the analyzer's offset gap.
    /// </summary>
    private List<HighlightedText> TextFragments(string[] values, List<Span> spans)
    {
        var candidates = new List<(int Score, int Order, HighlightedText Text)>();
        var gap = bigrams.GetOffsetGap(SearchFields.TextBigrams);
        var next = 0;
        var valueStart = 0;
        for (var index = 0; index < values.Length; index++)
        {
            var value = values[index];
            var valueEnd = valueStart + value.Length;
            var inValue = new List<Span>();
            for (; next < spans.Count && spans[next].Start < valueEnd; next++)
            {
                if (spans[next].Start >= valueStart)
                    inValue.Add(new Span(spans[next].Start - valueStart, Math.Min(spans[next].End, valueEnd) - valueStart));
            }
            for (var i = 0; i < inValue.Count;)
            {
                var start = StartAtBoundary(value, Math.Max(0, inValue[i].Start - Margin));
                var end = EndAtBoundary(value, Math.Min(value.Length, Math.Max(Math.Max(0, inValue[i].Start - Margin) + fragmentSize, inValue[i].End)));
                (start, end) = Whole(value, start, end, inValue);
                // The first match always fits; later ones join while they end inside the fragment.
                var count = 0;
                do
                {
                    i++;
                    count++;
                }
                while (i < inValue.Count && inValue[i].End <= end);
                candidates.Add((count, candidates.Count, Cut(value, start, end, inValue) with { Value = index }));
            }
            valueStart = valueEnd + gap;
        }
        return candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Order).Take(maxFragments).Select(c => c.Text).ToList();
    }

    /// <summary>
    /// Moves a fragment's edges so that they split neither a match (a marked word is shown whole or not at all) nor a
    /// character outside the basic plane (a surrogate pair, e.g. a rare name character).
    /// </summary>
    private static (int Start, int End) Whole(string value, int start, int end, List<Span> spans)
    {
        foreach (var span in spans)
        {
            if (span.Start < start && start < span.End)
                start = span.End;
            if (span.Start < end && end < span.End)
                end = span.Start > start ? span.Start : span.End;
        }
        if (start > 0 && start < value.Length && char.IsLowSurrogate(value[start]))
            start--;
        if (end > 0 && end < value.Length && char.IsLowSurrogate(value[end]))
            end++;
        return (start, Math.Max(start, end));
    }

    /// <summary>A fragment cut out of a longer text: an ellipsis marks each edge where the text goes on.</summary>
    private static HighlightedText Cut(string value, int start, int end, List<Span> spans)
    {
        var marked = Mark(value, start, end, spans);
        if (start == 0 && end == value.Length)
            return marked;
        var parts = new List<(string, bool)>(marked.Parts.Count + 2);
        if (start > 0)
            parts.Add((Ellipsis, false));
        parts.AddRange(marked.Parts);
        if (end < value.Length)
            parts.Add((Ellipsis, false));
        return new HighlightedText(parts);
    }

    /// <summary>What marks a cut edge: the Chinese ellipsis (……) is two of these; one reads as a cut in either script.</summary>
    internal const string Ellipsis = "…";

    /// <summary>The text from <paramref name="start"/> to <paramref name="end"/>, split into matched and unmatched parts.</summary>
    private static HighlightedText Mark(string value, int start, int end, List<Span> spans)
    {
        var parts = new List<(string, bool)>();
        var at = start;
        foreach (var span in spans)
        {
            var from = Math.Max(span.Start, at);
            var to = Math.Min(span.End, end);
            if (to <= from)
                continue;
            if (from > at)
                parts.Add((value[at..from], false));
            parts.Add((value[from..to], true));
            at = to;
        }
        if (at < end)
            parts.Add((value[at..end], false));
        return new HighlightedText(parts);
    }

    private static int StartAtBoundary(string value, int start)
    {
        for (int i = start - 1, scanned = 0; i >= 0 && scanned < MaxBoundaryScan; i--, scanned++)
        {
            if (Array.IndexOf(Boundaries, value[i]) >= 0)
                return i + 1;
        }
        return start;
    }

    private static int EndAtBoundary(string value, int end)
    {
        for (int i = end, scanned = 0; i < value.Length && scanned < MaxBoundaryScan; i++, scanned++)
        {
            if (Array.IndexOf(Boundaries, value[i]) >= 0)
                return i;
        }
        return end;
    }

    private readonly record struct Occurrence(int Position, int Start, int End);

    private readonly record struct Span(int Start, int End);
}

/// <summary>
/// One word or phrase to mark: its bigrams and their positions relative to the first; a prefix for a lone character;
/// the text itself when it is Chinese characters only (found as written).
/// </summary>
internal sealed record HighlightTerm(BytesRef[] Tokens, int[] Positions, bool Prefix, string? Literal);

/// <summary>
/// Highlights documents for one search's words, from their own text: for a caller that has loaded the hits' documents
/// anyway (the API does, through its batch loaders), which spares reading each hit's stored text from the index.
/// The text is mapped exactly as the index maps it, so the highlights are those of the stored text when the document
/// is the version that was indexed, and of the current text when it changed since.
/// </summary>
public sealed class SearchHighlighting
{
    private readonly SearchHighlighter _highlighter;
    private readonly IReadOnlyList<HighlightTerm> _terms;

    internal SearchHighlighting(SearchHighlighter highlighter, IReadOnlyList<HighlightTerm> terms)
    {
        _highlighter = highlighter;
        _terms = terms;
    }

    public IReadOnlyList<SearchHighlight> For(Documents.Document document)
    {
        var (title, texts) = Documents.Kinds.Of(document).TextOf(document);
        return _highlighter.Highlight(_terms, [title], texts.Where(SearchDocumentMapper.IsIndexedText).ToArray());
    }

    /// <summary>
    /// The study material part a text fragment was cut from; null for other kinds, for a material without parts, and
    /// for the summary, the lead before the first part, the source and tags. Walks the values in the order the study
    /// material kind's TextOf gives them (summary, lead, each part's heading and body, source, tags), blanks left out.
    /// </summary>
    public static StudyMaterialPart? PartOf(Documents.Document document, HighlightedText fragment)
    {
        if (document is not Documents.StudyMaterial material || fragment.Value < 0)
            return null;
        var (lead, parts) = StudyMaterialParts.Split(material.Body);
        var index = 0;
        foreach (var (text, part) in new (string, StudyMaterialPart?)[] { (material.Summary, null), (lead, null) }
            .Concat(parts.SelectMany(p => new (string, StudyMaterialPart?)[] { (p.Heading, p), (p.Body, p) })))
        {
            if (!SearchDocumentMapper.IsIndexedText(text))
                continue;
            if (index++ == fragment.Value)
                return part;
        }
        return null;
    }

    /// <summary>
    /// The directive section a text fragment was cut from: the unit a researcher cites. Null for other kinds and for
    /// the document number, preamble and tags. Walks the values in the order the directive kind's TextOf gives them
    /// (document number, preamble, each section's heading and body, contact line, attachments, tags), blanks left out as there.
    /// </summary>
    public static Documents.DirectiveSection? SectionOf(Documents.Document document, HighlightedText fragment)
    {
        if (document is not Documents.Directive directive || fragment.Value < 0)
            return null;
        var index = 0;
        foreach (var (text, section) in new (string, Documents.DirectiveSection?)[] { (directive.DocumentNumber ?? "", null), (directive.Preamble, null) }
            .Concat(directive.Sections.SelectMany(s => new (string, Documents.DirectiveSection?)[] { (s.Heading, s), (s.Body, s) })))
        {
            if (!SearchDocumentMapper.IsIndexedText(text))
                continue;
            if (index++ == fragment.Value)
                return section;
        }
        return null;
    }
}
