using global::Orleans;
using global::Orleans.Hosting;
using global::Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Floxide.Orleans;

/// <summary>Registers item workflows on a silo, by name, for coordinators to run batches on.</summary>
public static class FloxideSiloBuilderExtensions
{
    /// <summary>
    /// Registers an item workflow as <paramref name="name"/>: a coordinator's
    /// <see cref="OrleansItemExecutor{TContext, TItem, TRequest, TReply}"/> created with the same name and mapping runs
    /// its items here. Register it on every silo.
    /// </summary>
    /// <typeparam name="TContext">The batch context type.</typeparam>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <typeparam name="TRequest">What the coordinator sends.</typeparam>
    /// <typeparam name="TReply">What the silo sends back.</typeparam>
    /// <param name="silo">The silo builder.</param>
    /// <param name="name">The name coordinators call the workflow by; unique on the silo.</param>
    /// <param name="mapping">What crosses the wire; the coordinator uses the same mapping.</param>
    /// <param name="workflow">Creates the item workflow (or single node), once per silo, as it starts; its id must match the coordinator's.</param>
    /// <param name="batchContext">
    /// Creates the silo's batch context, once per silo: it creates each item context, so its <c>[Shared]</c>
    /// members (clients, caches) are this silo's.
    /// </param>
    /// <returns>The silo builder.</returns>
    /// <remarks>
    /// The silo checks its registrations as it starts: a name registered twice, a request or reply type Orleans
    /// cannot serialize, or a <paramref name="workflow"/> factory that throws (which the silo calls then, once, so a node
    /// the container cannot resolve shows at once) stops it with an <see cref="InvalidOperationException"/> naming the
    /// name or the type; its nodes (with <c>CreateScopedNode</c>, their scoped services too) are constructed then, so their
    /// constructors must not call out. The batch context is built on the first item: a factory that throws fails that item and is
    /// tried again for the next. Every silo that references Floxide.Orleans hosts its item grain and gets items, so
    /// register the workflows on each of them.
    /// </remarks>
    public static ISiloBuilder AddFloxideWorkflow<TContext, TItem, TRequest, TReply>(
        this ISiloBuilder silo,
        string name,
        ItemMapping<TContext, TItem, TRequest, TReply> mapping,
        Func<IServiceProvider, INode<TContext>> workflow,
        Func<IServiceProvider, TContext> batchContext)
        where TContext : IBatchContext<TContext, TItem>
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(batchContext);
        silo.Services.TryAddSingleton<WorkflowRegistry>();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, WorkflowRegistryCheck>());
        silo.Services.AddSingleton<IWorkflowRegistration>(
            services => new WorkflowRegistration<TContext, TItem, TRequest, TReply>(name, mapping, workflow, batchContext, services));
        return silo;
    }
}
