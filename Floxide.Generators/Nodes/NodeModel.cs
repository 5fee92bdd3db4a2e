using Floxide.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Nodes;

/// <summary>Everything the emitter needs for one valid <c>[Node]</c> class; plain values only.</summary>
/// <param name="Hierarchy">Where the partial declaration goes.</param>
/// <param name="Id">The node's id (from the attribute, else the class name).</param>
/// <param name="ContextType">The context type, fully qualified (<c>TContext</c>).</param>
/// <param name="MethodName">The process method's name.</param>
/// <param name="TakesCancellationToken">Whether the process method takes a <c>CancellationToken</c>.</param>
/// <param name="AwaitKind">Whether and how its result is awaited.</param>
/// <param name="AwaitedType">The fully qualified awaitable type (e.g. <c>global::System.Threading.Tasks.Task&lt;bool&gt;</c>), or null when synchronous.</param>
/// <param name="ResultKind">What the (awaited) result is.</param>
/// <param name="RunAccessibility">The accessibility of <c>RunAsync</c>: public unless the context type is less accessible, and then <c>INode</c> is also implemented explicitly.</param>
internal sealed record NodeModel(
    HierarchyInfo Hierarchy,
    string Id,
    string ContextType,
    string MethodName,
    bool TakesCancellationToken,
    ProcessAwaitKind AwaitKind,
    string? AwaitedType,
    ProcessResultKind ResultKind,
    Accessibility RunAccessibility);
