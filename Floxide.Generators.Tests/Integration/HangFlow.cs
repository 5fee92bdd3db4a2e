namespace Floxide.Generators.Tests.Integration;

/// <summary>A generated workflow whose second step hangs until its item times out.</summary>
[Workflow(typeof(HangBatch))]
[Start(typeof(PrepareHangNode))]
[Route(typeof(PrepareHangNode), typeof(HangingNode))]
public partial class HangFlow
{
}
