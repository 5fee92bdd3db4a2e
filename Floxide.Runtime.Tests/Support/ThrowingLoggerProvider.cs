using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Floxide.Runtime.Tests.Support;

/// <summary>A logging provider whose loggers throw on the named events (a sink that is gone), recording each they threw on.</summary>
public sealed class ThrowingLoggerProvider(params string[] events) : ILoggerProvider
{
    /// <summary>Gets the names of the events the loggers threw on, in order.</summary>
    public ConcurrentQueue<string> Thrown { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ThrowingLogger(events, Thrown);

    public void Dispose()
    {
    }

    private sealed class ThrowingLogger(string[] events, ConcurrentQueue<string> thrown) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (events.Contains(eventId.Name))
            {
                thrown.Enqueue(eventId.Name!);
                throw new IOException($"the log sink is gone ({eventId.Name})");
            }
        }
    }
}
