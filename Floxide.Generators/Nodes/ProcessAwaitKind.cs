namespace Floxide.Generators.Nodes;

/// <summary>Whether and how a process method is awaited.</summary>
internal enum ProcessAwaitKind
{
    /// <summary>Synchronous: the node returns a completed <c>ValueTask</c> without allocating.</summary>
    None,

    /// <summary>Returns <c>Task</c> or <c>Task&lt;T&gt;</c>.</summary>
    Task,

    /// <summary>Returns <c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c>.</summary>
    ValueTask,
}
