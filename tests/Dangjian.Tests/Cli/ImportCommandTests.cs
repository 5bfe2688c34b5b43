using System.Text;
using System.Text.RegularExpressions;
using Dangjian.Api.Cli;
using Dangjian.Core.Documents;
using Dangjian.Tests.Importing;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Cli;

/// <summary>`import PATH…` run in-process against the API's own services, with its output captured.</summary>
public sealed class ImportCommandTests() : DirectiveImportTestBase(new Dictionary<string, string?> { ["Dangjian:Import:MaxBytes"] = "16384" })
{
    private static byte[] Utf8(string text, bool bom = false) => [.. bom ? Encoding.UTF8.GetPreamble() : [], .. Encoding.UTF8.GetBytes(text)];

    [Fact]
    public async Task Files_and_folders_are_imported_utf8_and_gb18030_with_a_line_each_and_a_summary()
    {
        var notice = WriteFile("notices/notice-2020-01-29.txt", Utf8(Texts.FoundingNotice, bom: true));
        WriteFile("notices/2020/bulletin.TXT", TextDecodingTests.Gb18030.GetBytes(Texts.Bulletin));
        WriteFile("notices/readme.md", Utf8("# not a notice"));
        var typed = WriteFile("typed.txt", Utf8(Texts.Typed));

        var (exit, lines, progress) = await RunImportCommandAsync(Path.Combine(Files.Path, "notices"), typed);

        Assert.Equal(0, exit);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^imported +\S*bulletin\.TXT  关于2020年第一季度基层党建工作督查情况的通报  \(0 warnings\)$", lines[0]);
        Assert.Matches(@"^imported +\S*notice-2020-01-29\.txt  关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知  \(0 warnings\)$", lines[1]);
        Assert.Matches(@"^imported +\S*typed\.txt  关于做好疫情防控期间党员信息报送工作的通知  \(0 warnings\)$", lines[2]);
        Assert.Equal("3 files: 3 imported, 0 already imported, 0 failed; 0 warnings.", lines[3]);
        Assert.Contains(notice, lines[1], StringComparison.Ordinal);

        var directives = await DirectivesAsync();
        Assert.All(directives, d => Assert.Equal(DirectiveStatus.Published, d.Status));
        var bulletin = directives.Single(d => d.DocumentType == DocumentType.Bulletin);
        Assert.Equal(Texts.Bulletin, bulletin.Original!.Text);
        Assert.Equal("bulletin.TXT", bulletin.Original.SourceName);
        Assert.Equal(Texts.FoundingNotice, directives.Single(d => d.DocumentType == DocumentType.Notice && d.Sections.Count == 5).Original!.Text);

        // Redirected (as here), progress is plain lines, no carriage returns.
        Assert.DoesNotContain('\r', progress);
        Assert.Matches(@"^import: 1/3 \(33%\)  \S*bulletin\.TXT\n(.*\n)?import: 3/3 \(100%\)  \S*typed\.txt\n$", progress.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Importing_again_reports_already_imported_and_writes_nothing()
    {
        var path = WriteFile("bulletin.txt", Utf8(Texts.Bulletin));
        Assert.Equal(0, (await RunImportCommandAsync(path)).Exit);
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var (exit, lines, _) = await RunImportCommandAsync(path, path);

        Assert.Equal(0, exit);
        // The id is the global one GraphQL takes (node(id:)), as on every path outside the store.
        var id = Regex.Match(lines[0], @"^already imported +\S*bulletin\.txt  关于2020年第一季度基层党建工作督查情况的通报  \(id (\S+)\)$");
        Assert.True(id.Success, lines[0]);
        Assert.Matches("^Directive:[0-9a-f]{32}$", Encoding.UTF8.GetString(Convert.FromBase64String(id.Groups[1].Value)));
        Assert.Equal("1 file: 0 imported, 1 already imported, 0 failed; 0 warnings.", lines[^1]);
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
    }

    [Fact]
    public async Task Word_and_pdf_files_are_imported_from_a_folder_and_a_misnamed_file_fails()
    {
        var fixtures = RepositoryFiles.Path("tests", "Dangjian.Tests", "Importing", "Fixtures");
        WriteFile("word/notice.docx", await File.ReadAllBytesAsync(Path.Combine(fixtures, "notice-2020-01-29.docx"), Ct));
        WriteFile("word/notice.pdf", await File.ReadAllBytesAsync(Path.Combine(fixtures, "notice-2020-01-29.pdf"), Ct));
        WriteFile("word/~$notice.docx", [1, 2, 3]);
        WriteFile("word/renamed.pdf", Utf8(Texts.Bulletin));

        var (exit, lines, _) = await RunImportCommandAsync(Path.Combine(Files.Path, "word"));

        Assert.Equal(1, exit);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^imported +\S*notice\.docx  关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知  \(0 warnings\)$", lines[0]);
        Assert.Matches(@"^imported +\S*notice\.pdf  关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知  \(0 warnings\)$", lines[1]);
        Assert.Matches(@"^failed +\S*renamed\.pdf  The file is named renamed\.pdf but is not a PDF file \(it looks like text\)", lines[2]);
        var directives = await DirectivesAsync();
        Assert.Equal(2, directives.Count);
        Assert.All(directives, d => Assert.Equal(5, d.Sections.Count));
        Assert.Equal(["notice.docx", "notice.pdf"], directives.Select(d => d.Original!.SourceName).Order());
    }

    [Fact]
    public async Task Failed_files_are_reported_the_others_imported_and_the_exit_code_is_one()
    {
        var good = WriteFile("in/1-letter.txt", Utf8(Texts.Letter));
        WriteFile("in/2-scan.txt", [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A, 0x00, 0xE2, 0xE3]);
        WriteFile("in/3-empty.txt", Utf8("\n\n"));
        WriteFile("in/4-huge.txt", Utf8(string.Concat(Enumerable.Repeat(Texts.FoundingNotice, 4))));
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var (exit, lines, _) = await RunImportCommandAsync(Path.Combine(Files.Path, "in"), Path.Combine(Files.Path, "missing.txt"));

        Assert.Equal(1, exit);
        Assert.Equal(6, lines.Length);
        Assert.Matches(@"^failed +\S*missing\.txt  No such file or folder\.$", lines[0]);
        Assert.Matches(@"^imported +\S*1-letter\.txt  关于商请支持开展疫情防控志愿服务的函  \(1 warning\)$", lines[1]);
        // It starts like a PDF, so it is read as one, whatever its name: a damaged one.
        Assert.Matches(@"^failed +\S*2-scan\.txt  This PDF (is damaged|has no text)", lines[2]);
        Assert.Matches(@"^failed +\S*3-empty\.txt  The text is empty", lines[3]);
        Assert.Matches(@"^failed +\S*4-huge\.txt  The text is too large to import: 22\.1 KB \(22,616 bytes\), and at most 16 KB \(16,384 bytes\) is accepted\.$", lines[4]);
        Assert.Equal("5 files: 1 imported, 0 already imported, 4 failed; 1 warning (--verbose lists them).", lines[5]);
        Assert.Contains(good, lines[1], StringComparison.Ordinal);

        // Only the good file's issuer and directive were written: no half import of the others.
        var changes = await Api.Store.ReadChangesAsync(before, 100, Ct);
        Assert.Equal(["Organization", "Directive"], changes.Select(c => c.Kind));
        Assert.Single(await DirectivesAsync());
    }

    [Fact]
    public async Task Draft_and_verbose_are_switches_so_a_path_may_follow_them()
    {
        var folder = Path.GetDirectoryName(WriteFile("news/news.txt", Utf8(Texts.News)))!;

        var (exit, lines, _) = await RunImportCommandAsync("--draft", "--verbose", folder);

        Assert.Equal(0, exit);
        Assert.Matches(@"^imported +\S*news\.txt  今天下午，", lines[0]);
        Assert.Equal(
            ["    UNSTRUCTURED", "    line 1: TITLE_GUESSED", "    DATE_NOT_FOUND", "    ISSUER_NOT_FOUND"],
            lines[1..5].Select(l => l[..l.IndexOf("  ", 4, StringComparison.Ordinal)]));
        Assert.Equal("1 file: 1 imported, 0 already imported, 0 failed; 4 warnings.", lines[5]);
        Assert.Equal(DirectiveStatus.Draft, Assert.Single(await DirectivesAsync()).Status);
    }

    [Fact]
    public async Task Without_a_path_it_prints_its_usage_and_exits_with_two()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CommandLine.RunAsync(Api.Services, ["import"], Ct, new CliConsole(output, error));

        Assert.Equal(2, exit);
        Assert.StartsWith("Usage: import PATH…", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }
}
