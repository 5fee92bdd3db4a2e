namespace Floxide.Runtime.Tests.Support;

/// <summary>A one-shot signal a test waits on with a generous bound (never a sleep).</summary>
public sealed class Signal
{
    private readonly TaskCompletionSource _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsSet => _source.Task.IsCompleted;

    public void Set() => _source.TrySetResult();

    public Task WaitAsync() => _source.Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>A call, one per item, that sets this signal on the <paramref name="count"/>th, from any thread.</summary>
    public Action SetAfter(int count) => () =>
    {
        if (Interlocked.Decrement(ref count) == 0)
        {
            Set();
        }
    };
}
