using global::Orleans;

namespace Floxide.Orleans;

/// <summary>Creates item executors that run a batch's items on an Orleans cluster.</summary>
public static class FloxideClusterClientExtensions
{
    /// <summary>
    /// Creates an executor that runs each item on the workflow the silos registered as <paramref name="workflow"/>;
    /// pass it to the generated <c>CreateBatchNode(itemWorkflow, options, id, executor)</c>.
    /// </summary>
    /// <typeparam name="TContext">The batch context type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="TRequest">What the coordinator sends.</typeparam>
    /// <typeparam name="TReply">What a silo sends back.</typeparam>
    /// <param name="client">The cluster client.</param>
    /// <param name="workflow">The name the silos registered the item workflow under.</param>
    /// <param name="mapping">What crosses the wire; the silos use the same mapping.</param>
    /// <param name="options">Retries of lost calls; null for the defaults.</param>
    /// <returns>The executor.</returns>
    /// <exception cref="InvalidOperationException">Orleans cannot serialize <typeparamref name="TRequest"/> or <typeparamref name="TReply"/>.</exception>
    public static OrleansItemExecutor<TContext, TItem, TRequest, TReply> CreateFloxideExecutor<TContext, TItem, TRequest, TReply>(
        this IClusterClient client,
        string workflow,
        ItemMapping<TContext, TItem, TRequest, TReply> mapping,
        OrleansExecutorOptions? options = null)
        where TContext : IBatchContext<TContext, TItem> =>
        new(client, workflow, mapping, options);
}
