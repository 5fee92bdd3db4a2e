namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>
/// Branches on an enum, repairs, weighs in a cycle under a step limit, runs a nested workflow and a
/// batch step, and ends on <see cref="Verdict.Lost"/>.
/// </summary>
[Workflow(typeof(Parcel), Id = "parcel", MaxSteps = 12)]
[Start(typeof(Inspect))]
[Route(typeof(Inspect), Verdict.Ok, typeof(Weigh))]
[Route(typeof(Inspect), Verdict.Damaged, typeof(Repair))]
[EndOn(typeof(Inspect), Verdict.Lost)]
[Route(typeof(Repair), typeof(Weigh))]
[Route(typeof(Weigh), "again", typeof(Weigh))]
[Route(typeof(Weigh), typeof(LabelFlow))]
[Route(typeof(LabelFlow), typeof(PackFlow))]
[BatchStep(typeof(PackFlow), Id = "pack-lines")]
public partial class ParcelFlow;
