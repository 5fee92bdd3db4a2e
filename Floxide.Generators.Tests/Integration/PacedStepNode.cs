using System.Threading.Channels;

namespace Floxide.Generators.Tests.Integration;

/// <summary>A step that may start twice a second, telling the test each item it starts.</summary>
[Node]
[RateLimit(PermitsPerSecond = 2)]
public partial class PacedStepNode
{
    private readonly Channel<int> _started = Channel.CreateUnbounded<int>();

    /// <summary>Waits (bounded) for the next item the step starts.</summary>
    public Task<int> NextStartAsync() => _started.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Gets whether the step started an item no <see cref="NextStartAsync"/> has taken yet.</summary>
    public bool HasUntakenStart => _started.Reader.TryPeek(out _);

    public void Process(RetryBatch context)
    {
        _started.Writer.TryWrite(context.Item);
        context.Written = context.Item;
    }
}
