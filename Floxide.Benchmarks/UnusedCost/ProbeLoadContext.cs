using System.Reflection;
using System.Runtime.Loader;

namespace Floxide.Benchmarks.UnusedCost;

/// <summary>
/// Loads one build of the probe with its own Floxide.Runtime (and Polly, logging abstractions...) from its output
/// folder, so two builds of the same assembly names run side by side in one process. The framework comes from the
/// default context, shared by both.
/// </summary>
/// <param name="name">The context's name (shows in dumps).</param>
/// <param name="directory">The probe build's output folder.</param>
public sealed class ProbeLoadContext(string name, string directory) : AssemblyLoadContext(name)
{
    private readonly string _directory = Path.GetFullPath(directory);

    /// <summary>Loads the probe and returns its entry point.</summary>
    /// <returns><c>Prepare(scenario, parallelism, count)</c>, which returns one run of the batch.</returns>
    public Func<string, int, int, Func<Task<long>>> LoadEntryPoint()
    {
        var assembly = LoadFromAssemblyPath(Path.Combine(_directory, "UnusedCostProbe.dll"));
        var method = assembly.GetType("Floxide.Benchmarks.UnusedCost.UnusedCostProbe", throwOnError: true)!
            .GetMethod("Prepare", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{_directory}: UnusedCostProbe.Prepare is missing.");
        return method.CreateDelegate<Func<string, int, int, Func<Task<long>>>>();
    }

    /// <inheritdoc/>
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_directory, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
