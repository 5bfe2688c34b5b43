using Lucene.Net.Analysis;

namespace Dangjian.Core.Search;

/// <summary>
/// How an unquoted word of a query is read. Researchers type questions and run-together terms without spaces
/// (离婚后孩子抚养权归谁, 公司拖欠工资怎么办); matched as one exact phrase they found nothing. Such text is cut into
/// SmartCn words and the words that only make it a question (怎么办, 可以…吗, 归谁) are dropped; what is left is
/// what a document should match, as much of it as possible. A term of one or two words (火线党支部, 拖欠工资), text
/// with digits or Latin letters (dates, 文号, COVID-19) and short words are kept whole: cut, they would match far
/// too much (2021 / 年 / 1 …), and a researcher typing a name or term means it as written.
/// </summary>
public static class QueryWords
{
    /// <summary>Shorter unquoted words are matched whole: two- and three-character words are words (网格员, 习近平).</summary>
    public const int MinLengthToSegment = 4;

    /// <summary>
    /// Question words, pronouns, particles and the verbs of asking: what a question adds to its topic. Kept small on
    /// purpose: a word here turns the text into a question (any of the other words may match) and is never searched.
    /// Words of time (之后, 期间, 内) are not here: 重启之后 is a term, and in a question they only rank.
    /// </summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "怎么办", "怎么", "怎样", "怎么样", "如何", "什么", "为什么", "哪些", "哪个", "哪里", "哪儿", "多少", "几",
        "是否", "可以", "能否", "能不能", "可不可以", "能", "会不会", "要不要", "应该", "需要", "要",
        "吗", "呢", "吧", "啊", "呀", "么", "嘛",
        "谁", "归谁", "我", "你", "他", "她", "它", "我们", "你们", "他们", "自己", "请问", "有没有",
        "的", "了", "着", "过", "是", "在", "有", "和", "与", "及", "或", "被", "把", "给", "对", "向", "从", "让",
        "情况", "情况下", "什么样",
        "归", "都", "也", "还", "就", "该", "去", "来", "到", "得", "地", "这", "那", "这个", "那个",
    };

    /// <summary>Whether unquoted text is read as words: Chinese characters only, long enough to be more than one word.</summary>
    public static bool ShouldSegment(string text) =>
        text.Length >= MinLengthToSegment && text.All(IsHan);

    /// <summary>
    /// The meaningful words of <paramref name="text"/> in order, each once; empty when nothing but question words is
    /// left. <paramref name="question"/> tells whether any word was dropped (the text asks something).
    /// </summary>
    public static IReadOnlyList<string> Meaningful(Analyzer words, string text, out bool question)
    {
        var found = new List<string>();
        question = false;
        foreach (var (value, _, _) in SearchQueryBuilder.Analyze(words, SearchFields.TextWords, text))
        {
            if (StopWords.Contains(value))
                question = true;
            else if (!found.Contains(value))
                found.Add(value);
        }
        return found;
    }

    /// <summary>CJK unified ideographs (and extension A, compatibility ideographs).</summary>
    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>
    /// A quoted phrase as it is matched: spaces between two Chinese characters are dropped ("疫情 防控" is the phrase
    /// 疫情防控, since Chinese text has no spaces to match), spaces between Latin words are kept.
    /// </summary>
    public static string JoinHan(string phrase)
    {
        var joined = new System.Text.StringBuilder(phrase.Length);
        for (var i = 0; i < phrase.Length; i++)
        {
            if (char.IsWhiteSpace(phrase[i]))
            {
                var before = joined.Length > 0 ? joined[^1] : ' ';
                var next = i + 1;
                while (next < phrase.Length && char.IsWhiteSpace(phrase[next]))
                    next++;
                if (next < phrase.Length && IsHan(before) && IsHan(phrase[next]))
                {
                    i = next - 1;
                    continue;
                }
            }
            joined.Append(phrase[i]);
        }
        return joined.ToString();
    }
}
