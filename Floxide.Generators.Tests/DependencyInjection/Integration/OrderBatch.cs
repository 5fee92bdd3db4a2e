namespace Floxide.Generators.Tests.DependencyInjection.Integration;

/// <summary>A batch of orders whose item workflows take a scoped <see cref="UnitOfWork"/>, as real ones take a <c>DbContext</c>.</summary>
[BatchContext(MaxDegreeOfParallelism = 4, KeepResults = true)]
public sealed partial class OrderBatch
{
    [BatchItems] public List<int> Orders { get; init; } = [];

    [BatchItem] public int Order { get; set; }
}
