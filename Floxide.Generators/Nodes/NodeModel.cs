using Floxide.Generators.Models;
using Floxide.Generators.Resilience;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Nodes;

/// <summary>Everything the emitter needs for one valid <c>[Node]</c> class; plain values only.</summary>
internal sealed record NodeModel
{
    /// <summary>Where the partial declaration goes.</summary>
    public required HierarchyInfo Hierarchy { get; init; }

    /// <summary>The node's id (from the attribute, else the class name).</summary>
    public required string Id { get; init; }

    /// <summary>The context type, fully qualified (<c>TContext</c>).</summary>
    public required string ContextType { get; init; }

    /// <summary>The process method's name.</summary>
    public required string MethodName { get; init; }

    /// <summary>Whether the process method takes a <c>CancellationToken</c>.</summary>
    public required bool TakesCancellationToken { get; init; }

    /// <summary>Whether and how its result is awaited.</summary>
    public required ProcessAwaitKind AwaitKind { get; init; }

    /// <summary>
    /// Whether the awaiting path names the pooled async builder, which C# 10 allows (<c>LangVersion</c> 9 gets the default
    /// builder: one allocation more for a process method that really awaits, and code that compiles).
    /// </summary>
    public bool PoolsAsyncStateMachine { get; init; } = true;

    /// <summary>The fully qualified awaitable type (e.g. <c>global::System.Threading.Tasks.Task&lt;bool&gt;</c>), or null when synchronous.</summary>
    public required string? AwaitedType { get; init; }

    /// <summary>What the (awaited) result is.</summary>
    public required ProcessResultKind ResultKind { get; init; }

    /// <summary>The accessibility of <c>RunAsync</c>: public unless the context type is less accessible, and then <c>INode</c> is also implemented explicitly.</summary>
    public required Accessibility RunAccessibility { get; init; }

    /// <summary>How the generated <c>AddFloxideNodes()</c> creates the node, or null when it cannot without reflection.</summary>
    public required DependencyInjection.ServiceModel? Service { get; init; }

    /// <summary>The step-level resilience its [Retry], [Timeout], [RateLimit] and [ConcurrencyLimit] declare, or null.</summary>
    public required ResilienceModel? Resilience { get; init; }
}
