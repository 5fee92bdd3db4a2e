namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A batch step with its own limit and error mode: one item at a time, stopping at the first failure.</summary>
[Workflow(typeof(Crate), Id = "serial-crate")]
[Start(typeof(LoadCrateItem))]
[BatchStep(typeof(LoadCrateItem), Id = "load-all", MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast)]
public partial class SerialCrateFlow;
