namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A batch step whose own 5 s replace its context's 15 s.</summary>
[Workflow(typeof(PayoutRun), Id = "short-grace-payouts")]
[Start(typeof(PayNode))]
[BatchStep(typeof(PayNode), Id = "pay-all", CancellationGracePeriodMs = 5_000)]
public partial class ShortGracePayoutFlow;
