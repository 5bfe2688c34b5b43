using System.Globalization;
using System.Text;
using Dangjian.Core.Documents;

namespace Dangjian.Core.Editorial;

/// <summary>
/// Reposted stories: the same story submitted again, by another branch or with a new title and a few words changed.
/// A story's text (title, summary, body) is read as its letters and digits only, NFKC-folded (punctuation, spaces,
/// Markdown marks and full-width forms do not make two copies differ), and cut into overlapping shingles of
/// <see cref="ShingleSize"/> characters. Two stories are as similar as the Jaccard index of their shingle sets.
/// <para>
/// Finding candidates without reading every story: a MinHash signature of <see cref="Bands"/> × <see cref="Rows"/>
/// values, cut into bands; each band is stored as a string (the list field <c>similarityBands</c>, indexed by both
/// stores), and stories sharing any band are candidates. With 20 bands of 3 rows, a pair with a Jaccard index of 0.5
/// shares a band with probability 1 − (1 − 0.5³)²⁰ ≈ 0.93, one of 0.7 with ≈ 1.0, one of 0.2 with ≈ 0.15. Candidates
/// are then compared exactly, and shown from <see cref="Threshold"/> up.
/// </para>
/// </summary>
public static class NearDuplicates
{
    public const int ShingleSize = 3;
    public const int Bands = 20;
    public const int Rows = 3;

    /// <summary>The least similarity shown to editors as "possibly the same as".</summary>
    public const double Threshold = 0.5;

    /// <summary>The most candidates one story is compared with: bands of very common text (a stock phrase) stop there.</summary>
    public const int MaxCandidates = 200;

    /// <summary>The most possible duplicates shown for one story, most similar first.</summary>
    public const int MaxShown = 5;

    /// <summary>Fixed seeds of the hash functions: changing them changes every stored band, so they never change.</summary>
    private static readonly ulong[] Seeds = Enumerable.Range(0, Bands * Rows).Select(i => Mix(0x9E3779B97F4A7C15UL * (ulong)(i + 1))).ToArray();

    /// <summary>The story's shingles, as 64-bit hashes.</summary>
    public static HashSet<ulong> Shingles(Story story)
    {
        var text = Letters($"{story.Title}\n{story.Summary}\n{story.Body}");
        var shingles = new HashSet<ulong>();
        if (text.Length == 0)
            return shingles;
        if (text.Length < ShingleSize)
        {
            shingles.Add(Hash(text));
            return shingles;
        }
        for (var i = 0; i + ShingleSize <= text.Length; i++)
            shingles.Add(Hash(text.AsSpan(i, ShingleSize)));
        return shingles;
    }

    /// <summary>The stored bands: "band:hex" for each band of the MinHash signature; none for a story with no letters.</summary>
    public static IReadOnlyList<string> BandsOf(Story story)
    {
        var shingles = Shingles(story);
        if (shingles.Count == 0)
            return [];
        var signature = new ulong[Seeds.Length];
        Array.Fill(signature, ulong.MaxValue);
        foreach (var shingle in shingles)
        {
            for (var i = 0; i < Seeds.Length; i++)
            {
                var value = Mix(shingle ^ Seeds[i]);
                if (value < signature[i])
                    signature[i] = value;
            }
        }
        var bands = new string[Bands];
        for (var b = 0; b < Bands; b++)
        {
            var band = signature[(b * Rows)];
            for (var r = 1; r < Rows; r++)
                band = Mix(band ^ signature[b * Rows + r]);
            bands[b] = string.Create(CultureInfo.InvariantCulture, $"{b}:{band:x16}");
        }
        return bands;
    }

    /// <summary>The Jaccard index of two shingle sets: 1 for the same text, 0 for nothing in common.</summary>
    public static double Similarity(IReadOnlySet<ulong> a, IReadOnlySet<ulong> b)
    {
        if (a.Count == 0 || b.Count == 0)
            return 0;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var common = small.Count(large.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    private static string Letters(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c) || char.IsSurrogate(c))
                builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }

    private static ulong Hash(ReadOnlySpan<char> shingle)
    {
        // FNV-1a over the UTF-16 code units, then mixed: stable across processes and versions, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in shingle)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return Mix(hash);
    }

    /// <summary>SplitMix64's finaliser: spreads every input bit over the output.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
