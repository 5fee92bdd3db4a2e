namespace Floxide;

/// <summary>Creates nodes from delegates, for workflows built at run time and for tests.</summary>
/// <remarks>
/// Classes annotated with <c>[Node]</c> get a generated adapter instead; these factories are the
/// hand-written equivalent.
/// </remarks>
public static class Node
{
    /// <summary>Creates a synchronous node that always returns <see cref="NodeAction.Default"/>.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="id">The node's id.</param>
    /// <param name="run">The work to do.</param>
    public static INode<TContext> Create<TContext>(string id, Action<TContext> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new SyncDelegateNode<TContext>(id, context =>
        {
            run(context);
            return NodeAction.Default;
        });
    }

    /// <summary>Creates a synchronous node that chooses its action.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="id">The node's id.</param>
    /// <param name="run">The work to do; returns the action to route on.</param>
    public static INode<TContext> Create<TContext>(string id, Func<TContext, NodeAction> run) =>
        new SyncDelegateNode<TContext>(id, run);

    /// <summary>Creates an asynchronous node that always returns <see cref="NodeAction.Default"/>.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="id">The node's id.</param>
    /// <param name="run">The work to do.</param>
    public static INode<TContext> CreateAsync<TContext>(string id, Func<TContext, CancellationToken, ValueTask> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new AsyncDelegateNode<TContext>(id, async (context, cancellationToken) =>
        {
            await run(context, cancellationToken).ConfigureAwait(false);
            return NodeAction.Default;
        });
    }

    /// <summary>Creates an asynchronous node that chooses its action.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="id">The node's id.</param>
    /// <param name="run">The work to do; returns the action to route on.</param>
    public static INode<TContext> CreateAsync<TContext>(
        string id, Func<TContext, CancellationToken, ValueTask<NodeAction>> run) =>
        new AsyncDelegateNode<TContext>(id, run);
}
