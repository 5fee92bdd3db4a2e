namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A batch step with no grace period of its own: it drains for its context's 15 s.</summary>
[Workflow(typeof(PayoutRun), Id = "payouts")]
[Start(typeof(PayNode))]
[BatchStep(typeof(PayNode), Id = "pay-all")]
public partial class PayoutFlow;
