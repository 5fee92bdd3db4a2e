using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Diagnostics;

/// <content>The rules about <c>[Node]</c> process methods and where nodes are wired.</content>
internal static partial class DiagnosticDescriptors
{
    /// <summary>FLX0015: a <c>[Node]</c> type has no process method.</summary>
    public static readonly DiagnosticDescriptor MissingProcessMethod = Create(
        "FLX0015",
        "A node needs a Process or ProcessAsync method",
        "The node '{0}' has no method named Process or ProcessAsync",
        NodeCategory,
        DiagnosticSeverity.Error,
        "The generator implements INode<TContext> around the node's one instance method named Process or ProcessAsync; without it there is nothing to run.");

    /// <summary>FLX0016: a <c>[Node]</c> type has several process-method candidates.</summary>
    public static readonly DiagnosticDescriptor MultipleProcessMethods = Create(
        "FLX0016",
        "A node must have exactly one process method",
        "The node '{0}' has {1} members named Process or ProcessAsync; keep exactly one method",
        NodeCategory,
        DiagnosticSeverity.Error,
        "The generator needs one unambiguous process method to implement INode<TContext>; overloads or both a Process and a ProcessAsync leave it guessing.");

    /// <summary>FLX0017: the process method's shape (parameters, static, generic) is not supported.</summary>
    public static readonly DiagnosticDescriptor UnsupportedProcessMethod = Create(
        "FLX0017",
        "The process method's signature is not supported",
        "The process method '{0}' is not supported: {1}",
        NodeCategory,
        DiagnosticSeverity.Error,
        "A process method is a non-generic instance method whose first parameter is the context and whose optional second parameter is a CancellationToken, both passed by value.");

    /// <summary>FLX0018: the process method's return type is not supported.</summary>
    public static readonly DiagnosticDescriptor UnsupportedProcessReturnType = Create(
        "FLX0018",
        "The process method's return type is not supported",
        "The process method '{0}' returns '{1}'; return void, bool, NodeAction or an enum, directly or as Task/ValueTask",
        NodeCategory,
        DiagnosticSeverity.Error,
        "The generated RunAsync turns the result into a NodeAction: nothing means Default, a bool means Default or Stop, a NodeAction is used as is, and an enum value names the action.");

    /// <summary>FLX0019: the process method is <c>async void</c>.</summary>
    public static readonly DiagnosticDescriptor AsyncVoidProcessMethod = Create(
        "FLX0019",
        "The process method must not be async void",
        "The process method '{0}' is async void: the workflow cannot await it or see its exceptions; return ValueTask instead",
        NodeCategory,
        DiagnosticSeverity.Error,
        "An async void method returns at its first await; the workflow would move on while it still runs, and its exceptions would crash the process instead of failing the item.");

    /// <summary>FLX0020: a node is wired where a different context type is expected.</summary>
    public static readonly DiagnosticDescriptor NodeContextMismatch = Create(
        "FLX0020",
        "A node must be wired where its context type is expected",
        "The node '{0}' processes '{1}' but is passed where an INode<{2}> is expected",
        NodeCategory,
        DiagnosticSeverity.Error,
        "A node runs with the context type of its process method's first parameter; a workflow, batch node or batch flow over another context type cannot run it.");

    /// <summary>FLX0024: <c>[Node(Id = ...)]</c> with a null or empty id.</summary>
    public static readonly DiagnosticDescriptor EmptyNodeId = Create(
        "FLX0024",
        "A node id must not be empty",
        "The node '{0}' sets an empty or null Id; give it a name or remove the argument to use the class name",
        NodeCategory,
        DiagnosticSeverity.Error,
        "The id names the node in errors, results and routing; the runtime rejects empty ids, so the generator does not implement a node that has one.");
}
