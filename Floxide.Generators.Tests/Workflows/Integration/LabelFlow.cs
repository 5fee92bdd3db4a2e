namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A nested workflow: print, then stick (asynchronously).</summary>
[Workflow(typeof(Parcel), Id = "label")]
[Start(typeof(PrintLabel))]
[Route(typeof(PrintLabel), typeof(StickLabel))]
public partial class LabelFlow;
