using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Diagnostics;

/// <content>The rules about concurrency: parallelism limits, shared state, blocking.</content>
internal static partial class DiagnosticDescriptors
{
    /// <summary>FLX0013: a parallelism limit below 1.</summary>
    public static readonly DiagnosticDescriptor ParallelismBelowOne = Create(
        "FLX0013",
        "MaxDegreeOfParallelism must be at least 1",
        "A MaxDegreeOfParallelism of {0} is invalid: at least 1 item must be allowed to run at once",
        ConcurrencyCategory,
        DiagnosticSeverity.Error,
        "A batch with a concurrency limit below 1 could never start an item; the runtime rejects it with ArgumentOutOfRangeException, and this rule reports it while typing.");

    /// <summary>FLX0014: a mutable member that every item context would share by the default copy.</summary>
    public static readonly DiagnosticDescriptor SharedMutableMember = Create(
        "FLX0014",
        "A mutable member would be shared by every item context",
        "'{0}' has the mutable type '{1}' and is copied by reference into every item context, so concurrent items would mutate one instance; mark it [Shared] if that is intended and thread-safe, or [PerItem] to give each item its own",
        ConcurrencyCategory,
        DiagnosticSeverity.Warning,
        "Members without a role are copied from the parent by assignment, which for a mutable collection, array or builder means every item running in parallel writes to the same instance: a data race. Say which one you mean.");

    /// <summary>FLX0034: a [Shared] member of a value type, which every item context gets a copy of.</summary>
    public static readonly DiagnosticDescriptor SharedValueTypeMember = Create(
        "FLX0034",
        "A [Shared] member of a value type is copied, not shared",
        "'{0}' is [Shared] but its type '{1}' is a value type: every item context gets its own copy, so what an item writes to it is lost (neither other items nor the batch context see it); to share state, give it a reference type that is thread-safe (a class holding the value, updated with Interlocked), or remove [Shared] from a value that is only read",
        ConcurrencyCategory,
        DiagnosticSeverity.Warning,
        "[Shared] promises one instance that every item context uses, but a value (a number, an enum, a struct, a Nullable<T>) has no instance to share: the generated code copies the parent's value into each item context, like any member without a role. What an item assigns (a counter's ++, a struct's field) changes its own copy only, and is lost with it. Keep shared state in a thread-safe object of a class, or remove [Shared] from a value that is only read.");

    /// <summary>FLX0021: a blocking wait inside a node's process method.</summary>
    public static readonly DiagnosticDescriptor BlockingCallInProcessMethod = Create(
        "FLX0021",
        "Do not block on tasks inside a process method",
        "'{0}' blocks a thread-pool thread inside the process method '{1}'; await the task instead",
        ConcurrencyCategory,
        DiagnosticSeverity.Warning,
        "Batch items run on thread-pool threads; blocking one on a task holds a worker that the batch and the task itself may need, which slows the batch down or deadlocks it. Make the method async and await.");
}
