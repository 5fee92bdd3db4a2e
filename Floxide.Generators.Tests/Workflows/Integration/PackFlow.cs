namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>The item workflow of the batch step: declared like any workflow.</summary>
[Workflow(typeof(Parcel), Id = "pack")]
[Start(typeof(PackLine))]
public partial class PackFlow;
