using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dangjian.Tests.Support;

/// <summary>The host's log entries at Warning and above, so a test can assert that nothing was logged as an error.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToList();

    public IReadOnlyList<LogEntry> Errors => _entries.Where(e => e.Level >= LogLevel.Error).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception);

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                logs._entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception));
        }
    }
}
