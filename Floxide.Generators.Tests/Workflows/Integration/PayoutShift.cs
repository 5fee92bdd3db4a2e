namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>
/// An outer batch whose one item runs a payout workflow: the batch's clock (a test's) is the one a workflow's batch
/// step on the system's clock follows, so the test drives the step's grace period. It drains nothing itself.
/// </summary>
[BatchContext]
public partial class PayoutShift
{
    [BatchItems]
    public List<int> Shifts { get; set; } = [];

    [BatchItem]
    public int Shift { get; set; }
}
