namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A batch step that continues past failures and then returns its failure action, routed to a handler; a clean batch ends the run.</summary>
[Workflow(typeof(Crate), Id = "partial-crate")]
[Start(typeof(LoadCrateItem))]
[BatchStep(typeof(LoadCrateItem), Id = "load-all", FailureAction = "some-failed")]
[Route(typeof(LoadCrateItem), "some-failed", typeof(CountCrateFailures))]
[EndOn(typeof(LoadCrateItem), "default")]
public partial class PartialCrateFlow;
