namespace Floxide.Benchmarks.Workflows;

/// <summary>The benchmark's five-step linear workflow, declared at build time.</summary>
[Workflow(typeof(Tally), Id = "tally")]
[Start(typeof(TallySteps.One))]
[Route(typeof(TallySteps.One), typeof(TallySteps.Two))]
[Route(typeof(TallySteps.Two), typeof(TallySteps.Three))]
[Route(typeof(TallySteps.Three), typeof(TallySteps.Four))]
[Route(typeof(TallySteps.Four), typeof(TallySteps.Five))]
public sealed partial class TallyWorkflow;
