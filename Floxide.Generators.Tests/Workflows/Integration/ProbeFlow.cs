namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>One synchronous step that reports the span current while it runs.</summary>
[Workflow(typeof(Parcel), Id = "probe")]
[Start(typeof(SpanProbe))]
public partial class ProbeFlow;
