using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;

namespace Floxide;

/// <summary>
/// A node resolved from a fresh dependency-injection scope on every run, the scope disposed when the run ends
/// (<see cref="FloxideServiceProviderExtensions.CreateScopedNode{TNode, TContext}"/>).
/// </summary>
/// <remarks>
/// Transparent to everything that reads a node: it has the inner node's id and lets what the run throws through
/// unchanged, so results, <c>FailedStepId</c>, spans and logs read as for the inner node.
/// </remarks>
internal sealed class ScopedNode<TNode, TContext> : INode<TContext>
    where TNode : class, INode<TContext>
{
    private readonly IServiceScopeFactory _scopes;

    public ScopedNode(IServiceScopeFactory scopes)
    {
        _scopes = scopes;
        Id = ReadId(scopes);
    }

    /// <summary>Gets the inner node's id, read once, when the wrapper was created; every run checks its node has it.</summary>
    public string Id { get; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // once per item: reuse the box
    public async ValueTask<NodeAction> RunAsync(TContext context, CancellationToken cancellationToken)
    {
        var scope = _scopes.CreateAsyncScope();
        try
        {
            var node = scope.ServiceProvider.GetRequiredService<TNode>();
            if (!string.Equals(node.Id, Id, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"{Name} resolved for this run has the id '{node.Id}', but had '{Id}' when its scoped node was created. Results, " +
                    "errors and telemetry name the node by the id read at creation, so a node resolved per run must keep one id.");
            }

            return await node.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // As await using does (a throwing disposal replaces what the run threw), without boxing the scope per run.
            await scope.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Name => typeof(TNode).FullName ?? typeof(TNode).Name;

    /// <summary>
    /// Resolves the node in two scopes of their own, disposed at once, and reads the first one's id. Two scopes given one
    /// instance mean a singleton registration: every run would share it and the scoped services it was built with (a
    /// container that validates scopes refuses that; one that does not, the default outside Development, would not).
    /// </summary>
    private static string ReadId(IServiceScopeFactory scopes)
    {
        var first = scopes.CreateAsyncScope();
        AsyncServiceScope? second = null; // created in the try, so the first is disposed even if creating it throws
        try
        {
            second = scopes.CreateAsyncScope();
            var node = Resolve(first);
            if (ReferenceEquals(node, Resolve(second.Value)))
            {
                throw new InvalidOperationException(
                    $"{Name} is registered as a singleton, so every run would share one instance and the scoped services it was " +
                    "created with. Register it transient, as services.AddFloxideNodes() does, or drop the registration made before it.");
            }

            return node.Id;
        }
        finally
        {
            // Asynchronously, as a run's scope is, so a service that is only IAsyncDisposable is disposed too. Creation is
            // synchronous (it runs in service factories, an Orleans silo's included), so it waits for a disposal that
            // yields, on the pool: a continuation posted to the caller's single-threaded context (a UI thread, a grain
            // activation) would wait for the very thread that blocks on it.
            Task.Run(async () =>
            {
                await first.DisposeAsync().ConfigureAwait(false);
                if (second is { } created)
                {
                    await created.DisposeAsync().ConfigureAwait(false);
                }
            }).GetAwaiter().GetResult();
        }
    }

    private static TNode Resolve(AsyncServiceScope scope)
    {
        TNode? node;
        try
        {
            node = scope.ServiceProvider.GetService<TNode>();
        }
        catch (Exception ex) when (ex is not ObjectDisposedException) // a disposed container is not the node's fault
        {
            // The container's own message names the missing service, not the node that needs it (a generated
            // registration is a factory, which ValidateOnBuild cannot look into).
            throw new InvalidOperationException($"{Name} is registered, but the container could not create it: {ex.Message}", ex);
        }

        return node ?? throw new InvalidOperationException(
            $"{Name} is not registered in the container, so it cannot be resolved for each run. Register it first: " +
            "services.AddFloxideNodes() registers the assembly's [Node] and [Workflow] types.");
    }
}
