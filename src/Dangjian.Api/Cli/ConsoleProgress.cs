namespace Dangjian.Api.Cli;

/// <summary>
/// Progress of a long command (import, export, restore, reindex) on stderr: the commands' one progress bar. On a terminal it is one bar redrawn in place:
/// <c>import [########----------------] 12/40  30%  notice.txt</c>. Redirected to a file or a CI log, where carriage
/// returns would pile up as garbage, it prints a plain line now and then instead, and the final count at the end.
/// Lines the command writes meanwhile go through <see cref="WriteLineAsync"/>, which lifts the bar out of their way.
/// </summary>
public sealed class ConsoleProgress
{
    private const int BarWidth = 24;

    /// <summary>How often a terminal bar may redraw: often enough to look live, rarely enough to cost nothing.</summary>
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly string _label;
    private readonly int _total;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly int _width;
    private int _done;
    private string _item = "";
    private long? _lastShown;
    private int _printedDone = -1;
    private int _drawnColumns;

    /// <param name="writer">Where the progress goes: the command's Error writer.</param>
    /// <param name="interactive">The writer is a terminal: redraw a bar in place rather than print lines.</param>
    /// <param name="label">What is progressing, e.g. "import".</param>
    /// <param name="total">How many steps there are.</param>
    /// <param name="time">The clock (tests pass their own).</param>
    /// <param name="lineInterval">When not interactive, the least time between two progress lines (default 5 s).</param>
    /// <param name="width">The terminal's width in columns; the bar never wraps.</param>
    public ConsoleProgress(TextWriter writer, bool interactive, string label, int total, TimeProvider? time = null, TimeSpan? lineInterval = null,
        int width = 80)
    {
        _writer = writer;
        _interactive = interactive;
        _label = label;
        _total = Math.Max(0, total);
        _time = time ?? TimeProvider.System;
        _interval = interactive ? RedrawInterval : lineInterval ?? TimeSpan.FromSeconds(5);
        _width = Math.Max(40, width);
    }

    /// <summary>Records that <paramref name="done"/> steps are done, the last being <paramref name="item"/>; shows it when it is time to.</summary>
    public async Task ReportAsync(int done, string? item, CancellationToken cancellationToken)
    {
        _done = Math.Clamp(done, 0, _total);
        _item = item ?? "";
        var now = _time.GetTimestamp();
        if (_lastShown is { } last && _time.GetElapsedTime(last, now) < _interval && _done < _total)
            return;
        _lastShown = now;
        if (_interactive)
            await DrawAsync(cancellationToken);
        else
            await PrintAsync(cancellationToken);
    }

    /// <summary>Writes a line to <paramref name="target"/> (stdout or stderr) without mixing it into the bar.</summary>
    public async Task WriteLineAsync(TextWriter target, string line, CancellationToken cancellationToken)
    {
        var barShown = _drawnColumns > 0;
        await ClearAsync(cancellationToken);
        await target.WriteLineAsync(line.AsMemory(), cancellationToken);
        await target.FlushAsync(cancellationToken);
        if (barShown)
            await DrawAsync(cancellationToken);
    }

    /// <summary>The end: a terminal's bar is removed (the command prints its summary instead); a log gets the final count.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_interactive)
            await ClearAsync(cancellationToken);
        else if (_printedDone != _done)
            await PrintAsync(cancellationToken);
    }

    private async Task PrintAsync(CancellationToken cancellationToken)
    {
        var line = $"{_label}: {_done}/{_total} ({Percent}%)" + (_item.Length > 0 ? $"  {_item}" : "");
        await _writer.WriteLineAsync(line.AsMemory(), cancellationToken);
        await _writer.FlushAsync(cancellationToken);
        _printedDone = _done;
    }

    private async Task DrawAsync(CancellationToken cancellationToken)
    {
        var filled = _total == 0 ? BarWidth : _done * BarWidth / _total;
        var text = $"{_label} [{new string('#', filled)}{new string('-', BarWidth - filled)}] {_done}/{_total} {Percent,3}%";
        // One column spare: a line exactly as wide as the terminal wraps on some of them.
        var room = _width - 1 - Columns(text) - 2;
        if (_item.Length > 0 && room > 3)
            text += "  " + Fit(_item, room);
        var columns = Columns(text);
        var padding = new string(' ', Math.Max(0, _drawnColumns - columns));
        await _writer.WriteAsync(("\r" + text + padding).AsMemory(), cancellationToken);
        await _writer.FlushAsync(cancellationToken);
        _drawnColumns = columns;
    }

    private async Task ClearAsync(CancellationToken cancellationToken)
    {
        if (_drawnColumns == 0)
            return;
        await _writer.WriteAsync(("\r" + new string(' ', _drawnColumns) + "\r").AsMemory(), cancellationToken);
        await _writer.FlushAsync(cancellationToken);
        _drawnColumns = 0;
    }

    private int Percent => _total == 0 ? 100 : _done * 100 / _total;

    /// <summary>Terminal columns: Chinese characters take two.</summary>
    private static int Columns(string text) => text.Sum(c => c >= '\u2E80' ? 2 : 1);

    /// <summary>The end of <paramref name="text"/> that fits in <paramref name="room"/> columns: a path's end says the most.</summary>
    private static string Fit(string text, int room)
    {
        if (Columns(text) <= room)
            return text;
        var start = text.Length;
        for (var used = 1; start > 0 && used + (text[start - 1] >= '\u2E80' ? 2 : 1) <= room; start--)
            used += text[start - 1] >= '\u2E80' ? 2 : 1;
        return "…" + text[start..];
    }
}
