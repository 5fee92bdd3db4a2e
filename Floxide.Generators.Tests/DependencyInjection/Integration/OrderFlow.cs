namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>Two steps that both take the scoped unit of work; the container resolves them for the workflow.</summary>
[Workflow(typeof(OrderBatch), Id = "order")]
[Start(typeof(SaveOrderNode))]
[Route(typeof(SaveOrderNode), typeof(ConfirmOrderNode))]
public partial class OrderFlow
{
}
