using Dangjian.Api.Cli;

namespace Dangjian.Tests.Cli;

public sealed class ConsoleProgressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    [Fact]
    public async Task On_a_terminal_the_bar_is_redrawn_in_place_and_moves_aside_for_lines()
    {
        var error = new StringWriter();
        var output = new StringWriter();
        var time = new ManualTime();
        var progress = new ConsoleProgress(error, interactive: true, "import", total: 4, time, width: 80);

        await progress.ReportAsync(1, "a.txt", Ct);
        Assert.Equal("\rimport [######------------------] 1/4  25%  a.txt", error.ToString());

        await progress.WriteLineAsync(output, "imported  a.txt", Ct);
        var bar = "import [######------------------] 1/4  25%  a.txt";
        Assert.Equal("\r" + bar + "\r" + new string(' ', bar.Length) + "\r" + "\r" + bar, error.ToString());
        Assert.Equal("imported  a.txt" + Environment.NewLine, output.ToString());

        // Redraws are throttled, but the last step always shows.
        error.GetStringBuilder().Clear();
        await progress.ReportAsync(2, "b.txt", Ct);
        Assert.Empty(error.ToString());
        await progress.ReportAsync(4, "d.txt", Ct);
        Assert.StartsWith("\rimport [########################] 4/4 100%  d.txt", error.ToString(), StringComparison.Ordinal);

        error.GetStringBuilder().Clear();
        await progress.CompleteAsync(Ct);
        Assert.Matches(@"^\r +\r$", error.ToString());
    }

    [Fact]
    public async Task A_long_item_is_cut_from_the_left_so_the_bar_never_wraps()
    {
        var error = new StringWriter();
        var progress = new ConsoleProgress(error, interactive: true, "import", total: 1, new ManualTime(), width: 60);

        await progress.ReportAsync(1, "archive/2020/关于动员市直基层党组织和党员干部的通知.txt", Ct);

        var line = error.ToString().TrimStart('\r');
        Assert.Contains("  …", line, StringComparison.Ordinal);
        Assert.EndsWith("的通知.txt", line, StringComparison.Ordinal);
        Assert.True(line.Sum(c => c >= '\u2E80' ? 2 : 1) < 60);
    }

    [Fact]
    public async Task Redirected_it_prints_a_line_per_interval_and_the_final_count()
    {
        var error = new StringWriter();
        var time = new ManualTime();
        var progress = new ConsoleProgress(error, interactive: false, "import", total: 100, time, lineInterval: TimeSpan.FromSeconds(5));

        for (var i = 1; i <= 99; i++)
        {
            await progress.ReportAsync(i, $"{i}.txt", Ct);
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        await progress.CompleteAsync(Ct);

        Assert.Equal(["import: 1/100 (1%)  1.txt", "import: 51/100 (51%)  51.txt", "import: 99/100 (99%)  99.txt"],
            error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
