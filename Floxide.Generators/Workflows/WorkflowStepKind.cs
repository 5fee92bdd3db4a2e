namespace Floxide.Generators.Workflows;

/// <summary>How the generated executor runs one step.</summary>
internal enum WorkflowStepKind
{
    /// <summary>A synchronous process method returning nothing, called directly: the action is always Default.</summary>
    SyncVoid,

    /// <summary>A synchronous process method returning bool, called directly: Default or Stop.</summary>
    SyncBool,

    /// <summary>A synchronous process method returning a <c>NodeAction</c>, called directly.</summary>
    SyncAction,

    /// <summary>A synchronous process method returning an action enum, called directly.</summary>
    SyncEnum,

    /// <summary>Anything that may not complete synchronously: an async node's adapter, a nested workflow, a batch.</summary>
    Awaitable,
}
