namespace Floxide.Benchmarks.Contenders;

/// <summary>A run set up and ready to be measured.</summary>
/// <param name="run">Runs every item; this is the measured window.</param>
/// <param name="checksum">The sum of every output, read after the run to prove the work was done.</param>
public sealed class PreparedRun(Func<Task> run, Func<long> checksum)
{
    /// <summary>Runs every item.</summary>
    /// <returns>Completes when every output is stored.</returns>
    public Task RunAsync() => run();

    /// <summary>Gets the sum of every output.</summary>
    /// <returns>The checksum.</returns>
    public long Checksum() => checksum();
}
