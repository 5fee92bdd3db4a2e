using Floxide.Runtime.Tests.Support;

namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// A call that waits until <see cref="Release"/>, then ends with an <see cref="OperationCanceledException"/> of its own, as
/// an HttpClient's timeout does. Released from a callback on the batch's cancellation, its continuation runs inline, on
/// the canceling thread: the batch has stopped its attempts while the step's token (the run's halt, whose callback comes
/// later) does not read canceled yet.
/// </summary>
public sealed class InlineReleasedCall
{
    private readonly TaskCompletionSource _release = new(); // continuations run inline, on the thread that releases
    private int _runs;

    /// <summary>Gets how many times the call ran.</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Set when the first run waits for its release.</summary>
    public Signal Waiting { get; } = new();

    /// <summary>Ends the call, running its continuation on the caller's thread.</summary>
    public void Release() => _release.TrySetResult();

    public async Task RunAsync()
    {
        Interlocked.Increment(ref _runs);
        Waiting.Set();
        await _release.Task;
        throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout.");
    }
}
