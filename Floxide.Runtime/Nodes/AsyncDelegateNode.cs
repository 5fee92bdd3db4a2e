namespace Floxide;

/// <summary>A node around an asynchronous delegate.</summary>
internal sealed class AsyncDelegateNode<TContext> : INode<TContext>
{
    private readonly Func<TContext, CancellationToken, ValueTask<NodeAction>> _run;

    public AsyncDelegateNode(string id, Func<TContext, CancellationToken, ValueTask<NodeAction>> run)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(run);
        Id = id;
        _run = run;
    }

    public string Id { get; }

    public ValueTask<NodeAction> RunAsync(TContext context, CancellationToken cancellationToken) =>
        _run(context, cancellationToken);
}
