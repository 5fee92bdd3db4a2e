namespace Floxide.Generators.Tests.Integration;

/// <summary>A context in the default mode: results merge as they arrive; failures and counts are kept.</summary>
[BatchContext(MaxDegreeOfParallelism = 4)]
public partial class ScoreBatch
{
    [BatchItems] public IReadOnlyList<int> Scores { get; set; } = [];
    [BatchItem] public int Score { get; set; }
    [ItemOutput] public int Doubled { get; set; }
    [BatchOutputs] public List<int> DoubledScores { get; } = [];
}
