namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// An item-level retry delay and timeout of exactly one day, the most Polly accepts: the generated options build their
/// pipeline when the type is first used, and a value one millisecond longer would be FLX0151 or FLX0153.
/// </summary>
[BatchContext(KeepResults = true)]
[Retry(MaxAttempts = 2, DelayMs = 86_400_000)]
[Timeout(Ms = 86_400_000)]
public sealed partial class DayLongBatch
{
    [BatchItems] public List<int> Items { get; init; } = [];

    [BatchItem] public int Item { get; set; }

    [ItemOutput] public int Doubled { get; set; }

    [BatchOutputs] public List<int> Outputs { get; } = [];
}
