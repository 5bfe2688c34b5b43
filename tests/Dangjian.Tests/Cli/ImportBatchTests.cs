using System.Text;
using System.Text.RegularExpressions;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Tests.Importing;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Cli;

/// <summary>
/// `import` commits the new directives of a folder in batches (--batch-size, Dangjian:Import:BatchSize): counted
/// through the store's change feed, under a clock that gives every commit its own time. What each file's line says
/// is what a commit per file said: a broken file fails alone, a copy of a file in the same batch is "already imported"
/// as that file's directive, and files naming one new outside issuer add it once.
/// </summary>
public sealed class ImportBatchTests() : DirectiveImportTestBase(time: new TickingTime())
{
    private const string OpinionTitle = "关于在疫情防控一线加强基层党组织建设的意见";
    private const string LetterTitle = "关于商请支持开展疫情防控志愿服务的函";

    /// <summary>The opinion with its own document number: another document's text, under the committee in the tree.</summary>
    private static string Opinion(int number) => Texts.Opinion.Replace("娄直工发〔2020〕5号", $"娄直工发〔2020〕{number}号", StringComparison.Ordinal);

    /// <summary>The letter with its own number: from 娄底市卫生健康委员会, which the tree does not have.</summary>
    private static string Letter(int number) => Texts.Letter.Replace("娄卫函[2020]12号", $"娄卫函[2020]{number}号", StringComparison.Ordinal);

    private string Write(string name, string text) => WriteFile(Path.Combine("in", name), Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Good_files_are_committed_in_batches_and_a_broken_file_and_a_copy_within_the_batch_are_reported()
    {
        // In file-name order: 9 good files, an LF/CRLF copy right after its original (in the same batch of 4), and an
        // empty one; three letters from the same new outside issuer, in two batches.
        Write("a01.txt", Opinion(1));
        Write("a02.txt", Opinion(2));
        Write("a03.txt", Opinion(3));
        Write("a03z-copy.txt", Opinion(3).ReplaceLineEndings("\r\n"));
        Write("a04.txt", Opinion(4));
        Write("a05-empty.txt", "\n\n");
        Write("a06.txt", Letter(6));
        Write("a07.txt", Letter(7));
        Write("a08.txt", Opinion(8));
        Write("a09.txt", Letter(9));
        Write("a10.txt", Opinion(10));
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var (exit, lines, _) = await RunImportCommandAsync("--batch-size", "4", Path.Combine(Files.Path, "in"));

        Assert.Equal(1, exit);
        Assert.Equal(12, lines.Length);
        Assert.Matches($@"^imported +\S*a01\.txt  {OpinionTitle}  \(0 warnings\)$", lines[0]);
        Assert.Matches($@"^imported +\S*a03\.txt  {OpinionTitle}  \(0 warnings\)$", lines[2]);
        var copy = Regex.Match(lines[3],
            $@"^already imported +\S*a03z-copy\.txt  {OpinionTitle}  \(id (\S+); the same text once line endings, spaces and full-width forms are normalised\)$");
        Assert.True(copy.Success, lines[3]);
        Assert.Matches($@"^imported +\S*a04\.txt  {OpinionTitle}  \(0 warnings\)$", lines[4]);
        Assert.Matches(@"^failed +\S*a05-empty\.txt  The text is empty", lines[5]);
        // The first letter adds the issuer; the next ones, in the same batch and the next, find it.
        Assert.Matches($@"^imported +\S*a06\.txt  {LetterTitle}  \(1 warning\)$", lines[6]);
        Assert.Matches($@"^imported +\S*a07\.txt  {LetterTitle}  \(0 warnings\)$", lines[7]);
        Assert.Matches($@"^imported +\S*a09\.txt  {LetterTitle}  \(0 warnings\)$", lines[9]);
        Assert.Matches($@"^imported +\S*a10\.txt  {OpinionTitle}  \(0 warnings\)$", lines[10]);
        Assert.Equal("11 files: 9 imported, 1 already imported, 1 failed; 1 warning (--verbose lists them).", lines[11]);

        var directives = await DirectivesAsync();
        Assert.Equal(["a01.txt", "a02.txt", "a03.txt", "a04.txt", "a06.txt", "a07.txt", "a08.txt", "a09.txt", "a10.txt"],
            directives.Select(d => d.Original!.SourceName).Order(StringComparer.Ordinal));
        var original = directives.Single(d => d.Original!.SourceName == "a03.txt");
        Assert.Equal($"Directive:{original.Id}", Encoding.UTF8.GetString(Convert.FromBase64String(copy.Groups[1].Value)));
        var issuer = Assert.Single(await Api.Store.QueryAsync(Kinds.Organization, Filter.Eq("name", "娄底市卫生健康委员会"), [], 10, Ct));
        Assert.Equal(issuer.Id, Assert.Single(directives.Where(d => d.Title == LetterTitle).Select(d => d.IssuerId).Distinct()));

        // ceil(9 / 4) = 3 commits: a commit stamps all its feed entries with its one time, and each has its own.
        var changes = await Api.Store.ReadChangesAsync(before, 1000, Ct);
        Assert.Equal(10, changes.Count);
        var commits = changes.GroupBy(c => c.At).ToList();
        Assert.Equal(3, commits.Count);
        Assert.Equal([4, 4, 1], commits.Select(c => c.Count(e => e.Kind == "Directive")));
        Assert.Equal(["Organization"], commits[1].Where(e => e.Kind != "Directive").Select(e => e.Kind));
        // Each commit's entries are one run of the feed.
        Assert.All(commits, c => Assert.Equal(c.Count() - 1, c.Max(e => e.Sequence) - c.Min(e => e.Sequence)));
    }

    [Fact]
    public async Task Without_the_flag_the_configured_size_applies_and_a_folder_under_it_is_one_commit()
    {
        for (var i = 1; i <= 5; i++)
            Write($"b{i}.txt", Opinion(i));
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var (exit, lines, _) = await RunImportCommandAsync(Path.Combine(Files.Path, "in"));

        Assert.Equal(0, exit);
        Assert.Equal("5 files: 5 imported, 0 already imported, 0 failed; 0 warnings.", lines[^1]);
        var changes = await Api.Store.ReadChangesAsync(before, 1000, Ct);
        Assert.Equal(5, changes.Count);
        Assert.Single(changes.Select(c => c.At).Distinct());
    }

    [Fact]
    public async Task A_second_run_over_the_same_folder_writes_nothing()
    {
        for (var i = 1; i <= 3; i++)
            Write($"c{i}.txt", Opinion(i));
        Assert.Equal(0, (await RunImportCommandAsync("--batch-size", "2", Path.Combine(Files.Path, "in"))).Exit);
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var (exit, lines, _) = await RunImportCommandAsync("--batch-size", "2", Path.Combine(Files.Path, "in"));

        Assert.Equal(0, exit);
        Assert.All(lines[..3], line => Assert.StartsWith("already imported ", line, StringComparison.Ordinal));
        Assert.Equal("3 files: 0 imported, 3 already imported, 0 failed; 0 warnings.", lines[3]);
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1001")]
    [InlineData("99999999999999999999")]
    [InlineData("+5")]
    [InlineData("4.5")]
    [InlineData("1e3")]
    [InlineData("十")]
    [InlineData("")]
    public async Task A_batch_size_that_is_not_1_to_1000_is_refused_and_nothing_is_imported(string size)
    {
        Write("d1.txt", Opinion(1));
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var (exit, lines, error) = await RunImportCommandAsync($"--batch-size={size}", Path.Combine(Files.Path, "in"));

        Assert.Equal(2, exit);
        Assert.Empty(lines);
        Assert.Equal($"--batch-size must be a whole number of files from 1 to 1000, not '{size}'; nothing was imported.", error.Trim());
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
        Assert.Empty(await DirectivesAsync());
    }

    [Fact]
    public async Task A_batch_size_flag_without_a_number_is_refused()
    {
        var folder = Path.GetDirectoryName(Write("e1.txt", Opinion(1)))!;

        var (exit, _, error) = await RunImportCommandAsync(folder, "--batch-size");

        Assert.Equal(2, exit);
        Assert.StartsWith("--batch-size must be a whole number of files from 1 to 1000, not 'true'", error, StringComparison.Ordinal);
        Assert.Empty(await DirectivesAsync());
    }
}

/// <summary>Dangjian:Import:BatchSize outside 1 to 1000 stops the start, naming the setting.</summary>
public sealed class ImportBatchSettingTests
{
    [Theory]
    [InlineData("Dangjian:Import:BatchSize", "0")]
    [InlineData("Dangjian:Import:BatchSize", "-3")]
    [InlineData("Dangjian:Import:BatchSize", "1001")]
    [InlineData("Dangjian:Import:BatchMaxBytes", "0")]
    public async Task A_batch_setting_out_of_range_stops_the_start(string key, string value)
    {
        var failure = await ApiHost.StartFailureAsync(new Dictionary<string, string?> { [key] = value });
        Assert.Contains("Dangjian:Import:BatchSize must be 1 to 1000 files", failure.ToString(), StringComparison.Ordinal);
    }
}
