using System.Text;

namespace Dangjian.Core.Search;

/// <summary>One expansion a search used: what the reader typed and the synonyms it was searched as too.</summary>
public sealed record SearchExpansion(string Term, IReadOnlyList<string> Synonyms);

/// <summary>
/// A curated list of synonyms and abbreviations (新冠 = 新冠肺炎 = 新型冠状病毒感染的肺炎 = COVID-19), expanded at
/// query time, so editing it needs neither a restart nor a reindex. One group a line, its forms separated by commas
/// (, or ，; never 、, which belongs inside names such as 不忘初心、牢记使命); # starts a comment. Every form of a group stands for every other. Latin letters compare in lower case.
/// </summary>
public sealed class SynonymList
{
    private readonly Dictionary<string, IReadOnlyList<string>> _alternatives;

    private SynonymList(Dictionary<string, IReadOnlyList<string>> alternatives) => _alternatives = alternatives;

    public static SynonymList Empty { get; } = new([]);

    public int Count => _alternatives.Count;

    /// <summary>The other forms of <paramref name="term"/>, in the order the list gives them; empty when it has none.</summary>
    public IReadOnlyList<string> AlternativesOf(string term) =>
        _alternatives.TryGetValue(Key(term), out var alternatives) ? alternatives : [];

    public static SynonymList Parse(string text)
    {
        var alternatives = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = hash >= 0 ? raw[..hash] : raw;
            var forms = line.Split([',', '，'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (forms.Count < 2)
                continue;
            foreach (var form in forms)
            {
                // A form in two groups stands for the forms of both.
                var others = forms.Where(f => !string.Equals(f, form, StringComparison.OrdinalIgnoreCase));
                alternatives[Key(form)] = alternatives.TryGetValue(Key(form), out var before)
                    ? before.Concat(others).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
                    : others.ToList();
            }
        }
        return new SynonymList(alternatives);
    }

    private static string Key(string term) => term.Trim().ToLowerInvariant();
}

/// <summary>
/// The synonym file an editor maintains (<see cref="SearchOptions.SynonymsFile"/>), read again whenever it changes:
/// each search asks for the current list, which costs one file-time check while the file is unchanged. A file that
/// cannot be read keeps the last list that could. A missing file is created with the curated default list.
/// </summary>
public sealed class SynonymSource
{
    private readonly string? _path;
    private readonly System.Threading.Lock _reload = new();
    private volatile Snapshot _current = new(SynonymList.Empty, DateTime.MinValue, -1);

    private sealed record Snapshot(SynonymList List, DateTime WrittenAt, long Length);

    /// <param name="path">The file; null for no synonyms at all.</param>
    public SynonymSource(string? path)
    {
        _path = path;
        if (path is not null && !File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, DefaultList, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }

    /// <summary>A source that always gives this list (tests, the benchmark's query mix).</summary>
    public static SynonymSource Fixed(SynonymList list)
    {
        var source = new SynonymSource(null);
        source._current = new Snapshot(list, DateTime.MaxValue, 0);
        return source;
    }

    public SynonymList Current
    {
        get
        {
            if (_path is null)
                return _current.List;
            var file = new FileInfo(_path);
            var current = _current;
            if (!file.Exists || file.LastWriteTimeUtc == current.WrittenAt && file.Length == current.Length)
                return current.List;
            lock (_reload)
            {
                try
                {
                    var text = File.ReadAllText(_path);
                    _current = current = new Snapshot(SynonymList.Parse(text), file.LastWriteTimeUtc, file.Length);
                }
                catch (IOException)
                {
                    // Being written right now, or gone: keep the last list and read it again on the next search.
                }
                catch (UnauthorizedAccessException)
                {
                }
                return _current.List;
            }
        }
    }

    /// <summary>
    /// The list a new installation starts with: the short forms of the archive's daily language and of the laws it
    /// cites. Editors own the file from then on.
    /// </summary>
    public const string DefaultList = """
        # Synonyms and abbreviations, one group a line: every form of a line finds the others.
        # Forms are separated by commas; # starts a comment. Saved changes apply to the next search (no restart, no reindex).
        新冠, 新冠肺炎, 新型冠状病毒肺炎, 新型冠状病毒感染的肺炎, 新型冠状病毒感染, 新冠病毒, 新型冠状病毒, COVID-19
        非典, 传染性非典型肺炎, SARS
        两学一做, 学党章党规、学系列讲话、做合格党员, 两学一做学习教育
        三会一课, 党员大会、支部委员会、党小组会和党课
        不忘初心、牢记使命主题教育, 不忘初心牢记使命主题教育, 主题教育
        市直机关工委, 中共娄底市直属机关工作委员会, 娄底市直机关工委
        人大常委会, 人民代表大会常务委员会
        政协, 政治协商会议
        个税, 个人所得税
        社保, 社会保险
        医保, 医疗保险, 基本医疗保险
        公积金, 住房公积金
        非遗, 非物质文化遗产
        环评, 环境影响评价
        酒驾, 酒后驾驶, 饮酒后驾驶
        醉驾, 醉酒驾驶
        网约车, 网络预约出租汽车
        共享单车, 互联网租赁自行车
        最高法, 最高人民法院
        最高检, 最高人民检察院
        """;
}
