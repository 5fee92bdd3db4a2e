namespace Floxide.Generators.Tests.Integration;

/// <summary>A synchronous first step, so the generated workflow is awaiting its second when the timeout comes.</summary>
[Node]
public partial class PrepareHangNode
{
    public void Process(HangBatch context)
    {
    }
}
