using System.Collections.Concurrent;

namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>
/// Stands for a paid call per item: it runs until the test releases it or its token is canceled, and tells the test
/// which items started, with which token, and when two run at once or one has finished. Signals only, no sleeps.
/// </summary>
public sealed class PayoutGate
{
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _releases = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _finished = new();
    private readonly TaskCompletionSource _twoRunning = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    /// <summary>Gets the items whose call started, in the order they did.</summary>
    public ConcurrentQueue<int> Started { get; } = new();

    /// <summary>Gets the token each item's call was given.</summary>
    public ConcurrentDictionary<int, CancellationToken> Tokens { get; } = new();

    /// <summary>Gets a task that completes once two calls have started.</summary>
    public Task TwoRunning => _twoRunning.Task;

    /// <summary>The call of <paramref name="item"/>: waits for <see cref="Release"/>, or ends on its token.</summary>
    public async Task CallAsync(int item, CancellationToken cancellationToken)
    {
        Tokens[item] = cancellationToken;
        Started.Enqueue(item);
        if (Interlocked.Increment(ref _started) == 2)
        {
            _twoRunning.TrySetResult();
        }

        await Of(_releases, item).Task.WaitAsync(cancellationToken);
    }

    /// <summary>Lets the call of <paramref name="item"/> return.</summary>
    public void Release(int item) => Of(_releases, item).TrySetResult();

    /// <summary>Marks <paramref name="item"/>'s work done, its output set.</summary>
    public void Finish(int item) => Of(_finished, item).TrySetResult();

    /// <summary>Gets a task that completes when <paramref name="item"/>'s work is done.</summary>
    public Task Finished(int item) => Of(_finished, item).Task;

    private static TaskCompletionSource Of(ConcurrentDictionary<int, TaskCompletionSource> signals, int item) =>
        signals.GetOrAdd(item, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
