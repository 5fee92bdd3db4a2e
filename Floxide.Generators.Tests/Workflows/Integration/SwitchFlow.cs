namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>A route, a global terminal action, and nothing else: other actions are unrouted.</summary>
[Workflow(typeof(Parcel), Id = "switch")]
[Start(typeof(Pick))]
[Route(typeof(Pick), "left", typeof(Left))]
[EndOn("done")]
public partial class SwitchFlow;
