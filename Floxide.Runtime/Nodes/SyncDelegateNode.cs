namespace Floxide;

/// <summary>A node around a synchronous delegate; completes without allocating.</summary>
internal sealed class SyncDelegateNode<TContext> : INode<TContext>
{
    private readonly Func<TContext, NodeAction> _run;

    public SyncDelegateNode(string id, Func<TContext, NodeAction> run)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(run);
        Id = id;
        _run = run;
    }

    public string Id { get; }

    public ValueTask<NodeAction> RunAsync(TContext context, CancellationToken cancellationToken) =>
        new(_run(context));
}
