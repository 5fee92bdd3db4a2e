using Floxide;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Gets Floxide nodes from a container.</summary>
public static class FloxideServiceProviderExtensions
{
    /// <summary>
    /// Creates a node that runs <typeparamref name="TNode"/> in a dependency-injection scope of its own on every run:
    /// each <see cref="INode{TContext}.RunAsync"/> creates an async scope, resolves <typeparamref name="TNode"/> from it,
    /// runs it, and awaits the scope's <see cref="IAsyncDisposable.DisposeAsync"/> when the run ends, also when it throws
    /// or is canceled. Used as a batch's item workflow, it gives each run of the item workflow (each attempt of each
    /// item) its own scoped services, such as a <c>DbContext</c>, disposed after that run.
    /// </summary>
    /// <typeparam name="TNode">
    /// The registered node or workflow type, e.g. a <c>[Node]</c> or <c>[Workflow]</c> registered by
    /// <c>services.AddFloxideNodes()</c>. A workflow resolves its steps from the same scope, so the steps of one run
    /// share its scoped services.
    /// </typeparam>
    /// <typeparam name="TContext">The context the node runs on.</typeparam>
    /// <param name="services">The container, usually the root provider; it must provide <see cref="IServiceScopeFactory"/>.</param>
    /// <returns>
    /// A node with <typeparamref name="TNode"/>'s id, through which the node's exceptions (and so results, failed
    /// steps, spans and logs) pass unchanged.
    /// </returns>
    /// <remarks>
    /// <para>
    /// The id is read once, here, from an instance resolved in a scope that is disposed before this method returns
    /// (it blocks until that scope's asynchronous disposal, run on the thread pool, ends), beside a second instance resolved
    /// in a second such scope to tell a singleton registration; a run whose instance has another id fails with an
    /// <see cref="InvalidOperationException"/>. A <typeparamref name="TNode"/> the container cannot resolve fails here,
    /// not on the first item.
    /// </para>
    /// <para>
    /// What a scope spans: a retry around this node runs it again, so each attempt gets a fresh scope and a failed
    /// attempt's scope is disposed before the next starts. That is a batch's item-level retry (<c>[Retry]</c> on a
    /// <c>[BatchContext]</c>, <see cref="BatchOptions.ResiliencePipeline"/>), or <see cref="Node.WithResilience{TContext}"/>
    /// on the node this returns. A retry inside it (<c>[Retry]</c> on the <c>[Node]</c>, or on a step of the workflow)
    /// re-runs the step within the node's run, in the same scope.
    /// </para>
    /// <para>
    /// As with <c>await using</c>, a disposal that throws fails the run with its exception, in place of one the node threw:
    /// the item is then failed, even when the node had observed a cancellation.
    /// </para>
    /// <para>
    /// <typeparamref name="TNode"/> must be registered transient (or scoped), as <c>AddFloxideNodes()</c> registers it: a
    /// singleton would be one instance for every run, holding the scoped services it was created with, so one fails here.
    /// </para>
    /// </remarks>
    /// <exception cref="InvalidOperationException"><typeparamref name="TNode"/> is not registered, the container cannot create it (a service its constructor takes is missing, say), or it is registered as a singleton.</exception>
    public static INode<TContext> CreateScopedNode<TNode, TContext>(this IServiceProvider services)
        where TNode : class, INode<TContext>
    {
        ArgumentNullException.ThrowIfNull(services);
        return new ScopedNode<TNode, TContext>(services.GetRequiredService<IServiceScopeFactory>());
    }
}
