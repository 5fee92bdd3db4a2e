namespace Floxide.Generators.Workflows;

/// <summary>One route of a step: an action name and where it leads.</summary>
/// <param name="Action">The action's name, as <c>NodeAction.Name</c> spells it (<c>default</c> for the default action).</param>
/// <param name="Target">The next step, or the end of the run.</param>
internal sealed record WorkflowRouteModel(string Action, WorkflowRouteTarget Target);
