namespace Floxide.Generators.Tests.Integration;

/// <summary>A workflow whose only step is synchronous and limited.</summary>
[Workflow(typeof(GatedBatch))]
[Start(typeof(SyncLimitedNode))]
public partial class SyncLimitedFlow
{
}
