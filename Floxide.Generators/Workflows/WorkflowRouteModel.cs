namespace Floxide.Generators.Workflows;

/// <summary>One route of a step: an action name and the state it leads to.</summary>
/// <param name="Action">The action's name, as <c>NodeAction.Name</c> spells it (<c>default</c> for the default action).</param>
/// <param name="Target">The index of the next step, or <see cref="WorkflowModel.End"/>.</param>
internal sealed record WorkflowRouteModel(string Action, int Target);
