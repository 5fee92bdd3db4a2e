namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A cycle of synchronous steps that ends on the bool step's Stop.</summary>
[Workflow(typeof(Counter), MaxSteps = 1000)]
[Start(typeof(Increment))]
[Route(typeof(Increment), typeof(BelowLimit))]
[Route(typeof(BelowLimit), typeof(Increment))]
public partial class CountFlow;
