namespace Floxide.Orleans.Tests;

/// <summary>Wraps an executor and records the most items the coordinator ever had in flight.</summary>
public sealed class CountingExecutor<TContext>(IItemExecutor<TContext> inner) : IItemExecutor<TContext>
{
    private int _inFlight;
    private int _maxInFlight;

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public async ValueTask<NodeAction> ExecuteAsync(INode<TContext> itemWorkflow, TContext itemContext, long itemIndex, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); now > max; max = Volatile.Read(ref _maxInFlight))
        {
            Interlocked.CompareExchange(ref _maxInFlight, now, max);
        }

        try
        {
            return await inner.ExecuteAsync(itemWorkflow, itemContext, itemIndex, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
