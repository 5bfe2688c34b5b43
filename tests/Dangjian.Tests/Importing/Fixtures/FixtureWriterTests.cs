using Dangjian.Tests.Support;

namespace Dangjian.Tests.Importing.Fixtures;

/// <summary>
/// Writes the committed .docx fixture. Explicit: it runs only when asked for (README.md beside the fixture says how),
/// since the fixture and the PDF made from it are committed once and the tests read them as they are.
/// </summary>
public sealed class FixtureWriterTests
{
    [Fact(Explicit = true)]
    public async Task Write_the_founding_notice_docx_fixture()
    {
        var bytes = NoticeDocx.Build(Texts.FoundingNotice);
        await File.WriteAllBytesAsync(RepositoryFiles.Path("tests", "Dangjian.Tests", "Importing", "Fixtures", "notice-2020-01-29.docx"), bytes,
            TestContext.Current.CancellationToken);
    }
}
