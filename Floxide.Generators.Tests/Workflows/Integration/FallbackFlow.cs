namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A route, a terminal action that takes precedence over the fallback, and a fallback.</summary>
[Workflow(typeof(Parcel), Id = "fallback")]
[Start(typeof(Pick))]
[Route(typeof(Pick), "left", typeof(Left))]
[Fallback(typeof(Pick), typeof(Right))]
[EndOn("done")]
public partial class FallbackFlow;
