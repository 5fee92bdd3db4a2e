namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>The route a batch step's failure action leads to: reads the failures the batch merged.</summary>
[Node]
public partial class CountCrateFailures
{
    public void Process(Crate crate) => crate.FailuresSeen = crate.LastBatch!.Failures.Count();
}
