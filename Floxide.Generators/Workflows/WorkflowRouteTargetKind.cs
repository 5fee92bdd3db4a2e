namespace Floxide.Generators.Workflows;

/// <summary>What a route leads to.</summary>
internal enum WorkflowRouteTargetKind
{
    /// <summary>Another step of the workflow.</summary>
    Step,

    /// <summary>The end of the run: the action is the workflow's result.</summary>
    End,
}
