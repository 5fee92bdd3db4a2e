using System.Collections.Concurrent;

namespace Floxide.Runtime.Tests.Support;

/// <summary>Records progress synchronously (unlike Progress&lt;T&gt;, which posts to the thread pool).</summary>
public sealed class ProgressRecorder : IProgress<BatchProgress>
{
    public ConcurrentQueue<BatchProgress> Reports { get; } = new();

    public void Report(BatchProgress value) => Reports.Enqueue(value);
}
