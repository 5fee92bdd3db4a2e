namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>A workflow whose one step is a batch step over the orders: its items run at once, in the run's one scope.</summary>
[Workflow(typeof(OrderBatch), Id = "save-each")]
[Start(typeof(SaveOrderNode))]
[BatchStep(typeof(SaveOrderNode), Id = "save-all")]
public partial class SaveEachFlow
{
}
