using Polly;

namespace Floxide;

/// <summary>Creates nodes from delegates, for workflows built at run time and for tests.</summary>
/// <remarks>
/// <para>Classes annotated with <c>[Node]</c> get a generated adapter instead; these factories are
/// the hand-written equivalent.</para>
/// <para>A node that does work is made with <see cref="Create{TContext}"/> or
/// <see cref="CreateAsync{TContext}"/> and always returns <see cref="NodeAction.Default"/>; a node
/// that chooses where the workflow goes is made with <see cref="Route{TContext}"/> or
/// <see cref="RouteAsync{TContext}"/>. The names differ, not just the delegate types, because a
/// string converts to <see cref="NodeAction"/>: with one name, <c>ctx =&gt; ctx.Note = "x"</c> would
/// silently become a node that returns the action "x".</para>
/// </remarks>
public static class Node
{
    /// <summary>Creates a synchronous node that does its work and returns <see cref="NodeAction.Default"/>.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="id">The node's id.</param>
    /// <param name="run">The work to do; whatever an expression lambda evaluates to is discarded.</param>
    /// <returns>The node.</returns>
    public static INode<TContext> Create<TContext>(string id, Action<TContext> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new SyncDelegateNode<TContext>(id, context =>
        {
            run(context);
            return NodeAction.Default;
        });
    }

    /// <summary>Creates a synchronous node that chooses the action the workflow routes on.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="id">The node's id.</param>
    /// <param name="choose">The work to do; returns the action to route on.</param>
    /// <returns>The node.</returns>
    public static INode<TContext> Route<TContext>(string id, Func<TContext, NodeAction> choose) =>
        new SyncDelegateNode<TContext>(id, choose);

    /// <summary>Creates an asynchronous node that does its work and returns <see cref="NodeAction.Default"/>.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="id">The node's id.</param>
    /// <param name="run">The work to do.</param>
    /// <returns>The node.</returns>
    public static INode<TContext> CreateAsync<TContext>(string id, Func<TContext, CancellationToken, ValueTask> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new AsyncDelegateNode<TContext>(id, async (context, cancellationToken) =>
        {
            await run(context, cancellationToken).ConfigureAwait(false);
            return NodeAction.Default;
        });
    }

    /// <summary>Creates an asynchronous node that chooses the action the workflow routes on.</summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="id">The node's id.</param>
    /// <param name="choose">The work to do; returns the action to route on.</param>
    /// <returns>The node.</returns>
    public static INode<TContext> RouteAsync<TContext>(
        string id, Func<TContext, CancellationToken, ValueTask<NodeAction>> choose) =>
        new AsyncDelegateNode<TContext>(id, choose);

    /// <summary>
    /// Wraps <paramref name="node"/> in a step-level resilience pipeline (retry, timeout, ...): each run of
    /// the node runs through <paramref name="pipeline"/>, which sees the node's own exceptions and the
    /// caller's cancellation token. Retries re-run the node on the same context, so the node should be
    /// safe to re-run; a batch's item-level <see cref="BatchOptions.ResiliencePipeline"/> instead retries
    /// the whole item on a fresh context. In a batch with <see cref="BatchOptions.AdaptiveConcurrency"/>, each exception
    /// the node throws inside the pipeline is reported to it (<see cref="FloxideResiliencePipelineBuilderExtensions.AddThrottlingSignals{TBuilder}"/>),
    /// so a 429 the pipeline retries still lowers the batch's level. Only the node's own exceptions are reported: for the
    /// refusals and timeouts of strategies inside your pipeline's retry too, build it with <c>AddThrottlingSignals()</c>
    /// right after the retry, as <c>[Retry]</c> does.
    /// </summary>
    /// <typeparam name="TContext">The context type.</typeparam>
    /// <param name="node">The node to wrap; the wrapper keeps its id.</param>
    /// <param name="pipeline">The pipeline each run goes through.</param>
    /// <returns>The wrapped node.</returns>
    public static INode<TContext> WithResilience<TContext>(this INode<TContext> node, ResiliencePipeline pipeline) =>
        new ResilientNode<TContext>(node, pipeline);
}
