namespace Floxide.Generators.Workflows;

/// <summary>Where a route leads: a step of the workflow (by index), or the end of the run.</summary>
internal readonly record struct WorkflowRouteTarget
{
    private WorkflowRouteTarget(WorkflowRouteTargetKind kind, int step)
    {
        Kind = kind;
        Step = step;
    }

    /// <summary>The end of the run.</summary>
    public static WorkflowRouteTarget End { get; } = new(WorkflowRouteTargetKind.End, 0);

    /// <summary>Whether the route leads to a step or ends the run.</summary>
    public WorkflowRouteTargetKind Kind { get; }

    /// <summary>The index of the next step, when <see cref="Kind"/> is <see cref="WorkflowRouteTargetKind.Step"/>.</summary>
    public int Step { get; }

    /// <summary>Whether the route ends the run.</summary>
    public bool IsEnd => Kind == WorkflowRouteTargetKind.End;

    /// <summary>The step at <paramref name="index"/>.</summary>
    public static WorkflowRouteTarget ToStep(int index) => new(WorkflowRouteTargetKind.Step, index);
}
