namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A batch step that lets every running call finish once canceled (-1, no end to the period).</summary>
[Workflow(typeof(PayoutRun), Id = "unbounded-payouts")]
[Start(typeof(PayNode))]
[BatchStep(typeof(PayNode), Id = "pay-all", CancellationGracePeriodMs = -1)]
public partial class UnboundedPayoutFlow;
