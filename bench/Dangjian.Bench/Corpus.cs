using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dangjian.Core.Documents;

namespace Dangjian.Bench;

/// <summary>
/// One article-sized piece of a law: what becomes a directive or a study material. <see cref="Key"/> names it for
/// good: the corpus file's id and the article's number (第十条, a chapter heading, 序言), with ~2, ~3 … where a law
/// repeats a number (amendment texts quoting articles, appended regulations); it does not depend on load order, on
/// how many documents a run loads, or on which kind the piece becomes.
/// </summary>
public sealed record Article(string Key, string LawTitle, string Category, DateOnly Date, string Chapter, string Number, string Text);

/// <summary>
/// The benchmark's documents: the laws corpus split into articles at the 第…条 lines (a `## ` heading starts a new
/// chapter, and the text before a law's first article is a piece of its own), loaded alternately as directives and
/// study materials; plus generated organisations, stories and activity logs for the list query.
/// </summary>
public sealed partial class Corpus
{
    public const string Root = "bench-root";

    private Corpus(List<Organization> organizations, List<Document> searchable, List<Story> stories, List<ActivityLog> logs, long characters,
        Dictionary<string, string> articleKeys)
    {
        ArticleKeys = articleKeys;
        Organizations = organizations;
        Searchable = searchable;
        Stories = stories;
        ActivityLogs = logs;
        Characters = characters;
    }

    public List<Organization> Organizations { get; }

    /// <summary>Directives and study materials from the corpus, in load order.</summary>
    public List<Document> Searchable { get; }

    public List<Story> Stories { get; }

    public List<ActivityLog> ActivityLogs { get; }

    /// <summary>The article each of <see cref="Searchable"/> was made from, by document id (<see cref="Article.Key"/>).</summary>
    public IReadOnlyDictionary<string, string> ArticleKeys { get; }

    /// <summary>Characters of searchable text in <see cref="Searchable"/>.</summary>
    public long Characters { get; }

    public IEnumerable<Document> All => Organizations.Cast<Document>().Concat(Searchable).Concat(Stories).Concat(ActivityLogs);

    [GeneratedRegex(@"^第[一二三四五六七八九十百千零〇两\d]+条")]
    private static partial Regex ArticleStart();

    public static IEnumerable<Article> ReadArticles(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            var law = json.RootElement;
            var lawId = law.GetProperty("id").GetString() ?? "";
            var title = law.GetProperty("title").GetString() ?? "";
            var category = law.GetProperty("category").GetString() ?? "";
            var date = law.TryGetProperty("date", out var d) && d.ValueKind == JsonValueKind.String && DateOnly.TryParse(d.GetString(), out var parsed)
                ? parsed : new DateOnly(2000, 1, 1);
            var chapter = title;
            var number = "序言";
            var text = new StringBuilder();
            var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
            string KeyOf(string number)
            {
                var seen = numbers[number] = numbers.GetValueOrDefault(number) + 1;
                return seen == 1 ? $"{lawId}#{number}" : $"{lawId}#{number}~{seen}";
            }
            foreach (var raw in (law.GetProperty("text").GetString() ?? "").Split('\n'))
            {
                var row = raw.Trim();
                var heading = row.StartsWith("## ", StringComparison.Ordinal);
                var article = ArticleStart().Match(row);
                if (heading || article.Success)
                {
                    if (text.Length >= 10)
                        yield return new Article(KeyOf(number), title, category, date, chapter, number, text.ToString().Trim());
                    text.Clear();
                    if (heading)
                    {
                        chapter = row[3..].Trim();
                        number = chapter;
                        continue;
                    }
                    number = article.Value;
                }
                if (row.Length > 0)
                    text.Append(row).Append('\n');
            }
            if (text.Length >= 10)
                yield return new Article(KeyOf(number), title, category, date, chapter, number, text.ToString().Trim());
        }
    }

    /// <summary>
    /// <paramref name="documents"/> articles (directives and study materials, alternately), 60 organisations and
    /// <paramref name="stories"/> stories and as many activity logs, deterministic for a given corpus.
    /// </summary>
    public static Corpus Load(string path, int documents, int stories)
    {
        var random = new Random(20200129);
        var organizations = new List<Organization>
        {
            new() { Id = Root, Name = "中共娄底市直属机关工作委员会", Kind = OrganizationKind.WorkingCommittee },
        };
        string[] sectors = ["卫健", "公安", "交管", "市场监管", "教育", "交通", "民政", "应急", "财政", "住建"];
        var branches = new List<Organization>();
        for (var u = 0; u < sectors.Length; u++)
        {
            var unit = new Organization
            {
                Id = $"bench-unit-{u}", Name = $"中共娄底市{sectors[u]}局委员会", Kind = OrganizationKind.PartyCommittee,
                ParentId = Root, AncestorIds = [Root], Sector = sectors[u],
            };
            organizations.Add(unit);
            for (var b = 0; b < 5; b++)
            {
                var branch = new Organization
                {
                    Id = $"bench-branch-{u}-{b}", Name = $"{sectors[u]}局第{b + 1}党支部", Kind = b == 4 ? OrganizationKind.FrontLineBranch : OrganizationKind.Branch,
                    ParentId = unit.Id, AncestorIds = [Root, unit.Id], Sector = sectors[u],
                };
                branches.Add(branch);
                organizations.Add(branch);
            }
        }

        var searchable = new List<Document>(documents);
        var articleKeys = new Dictionary<string, string>(documents, StringComparer.Ordinal);
        var sectionIds = new List<string>();
        long characters = 0;
        var n = 0;
        // More documents than articles: the corpus is read again, each pass a new set of ids (the article's id and the pass).
        for (var pass = 0; searchable.Count < documents; pass++)
        {
            foreach (var article in ReadArticles(path))
            {
                if (searchable.Count >= documents)
                    break;
                n++;
                var title = $"{article.LawTitle} {article.Number}";
                var tags = new[] { article.Category };
                articleKeys[DocumentId(article.Key, pass)] = article.Key;
                if (n % 2 == 1)
                {
                    var id = DocumentId(article.Key, pass);
                    var issuer = n % 3 == 0 ? Root : organizations[1 + n % 10 * 6].Id;
                    var section = new DirectiveSection { Id = DirectiveSection.MakeId(id, 1), Number = 1, Heading = article.Chapter, Body = article.Text };
                    sectionIds.Add(section.Id);
                    searchable.Add(new Directive
                    {
                        Id = id, Title = title, IssuerId = issuer, IssuedOn = article.Date, Addressees = ["市直各基层党组织"],
                        Sections = [section], Tags = tags,
                    });
                    characters += title.Length + article.Chapter.Length + article.Text.Length + article.Category.Length;
                }
                else
                {
                    searchable.Add(new StudyMaterial
                    {
                        Id = DocumentId(article.Key, pass), Title = title, Kind = StudyMaterialKind.Policy, PublishedOn = article.Date, Body = article.Text,
                        Source = article.LawTitle, Tags = tags,
                    });
                    characters += title.Length + article.Text.Length + article.LawTitle.Length + article.Category.Length;
                }
            }
            if (n == 0)
                throw new InvalidOperationException($"{path} holds no articles.");
        }

        var start = new DateTimeOffset(2020, 1, 30, 9, 0, 0, TimeSpan.FromHours(8));
        var logs = new List<ActivityLog>(stories);
        var storyList = new List<Story>(stories);
        for (var i = 0; i < stories; i++)
        {
            var branch = branches[random.Next(branches.Count)];
            var at = start.AddHours(i * 7 % 20_000);
            var sections = new[] { sectionIds[random.Next(sectionIds.Count)], sectionIds[random.Next(sectionIds.Count)] }.Distinct().ToList();
            logs.Add(new ActivityLog
            {
                Id = $"bench-log-{i:D6}", OrganizationId = branch.Id, Kind = (ActivityKind)(i % 7), Title = $"{branch.Name}开展疫情防控志愿服务（第{i + 1}次）",
                OccurredAt = at, Place = "社区党群服务中心", ParticipantCount = 5 + i % 30,
                Summary = "党员干部下沉社区，参与联防联控、群防群治，担任网格员，开展排查和宣传。", SectionIds = sections, Tags = ["志愿服务"],
            });
            storyList.Add(new Story
            {
                Id = $"bench-story-{i:D6}", Title = $"{branch.Name}：战“疫”一线的党员先锋（{i + 1}）",
                Summary = "党员先锋模范作用的生动体现。",
                Body = "面对疫情，支部党员主动请缨、冲锋在前，在发热门诊、社区卡点和隔离点日夜坚守，用行动践行初心使命。",
                People = ["张三", "李四"], SubmittingOrganizationId = branch.Id, OrganizationIds = [branch.Id], Status = StoryStatus.Published,
                Tags = ["先进典型"], SectionIds = sections, SubmittedAt = at, PublishedAt = at.AddDays(2),
            });
        }
        return new Corpus(organizations, searchable, storyList, logs, characters, articleKeys);
    }

    /// <summary>
    /// A document id made from the article's key (ids are short ASCII; the key is neither): the same article has the
    /// same id in every run and at every corpus size; a second pass over the corpus gives its copies ids of their own.
    /// </summary>
    public static string DocumentId(string articleKey, int pass)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(articleKey)).AsSpan(0, 8));
        return pass == 0 ? $"law-{hash}" : $"law-{hash}-{pass + 1}";
    }
}
