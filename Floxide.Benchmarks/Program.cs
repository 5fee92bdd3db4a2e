using BenchmarkDotNet.Running;
using Floxide.Benchmarks.Compare;

// Entry point. `compare`: the quick side-by-side comparison (also draws docs/performance.png);
// `chart`: redraws the chart from docs/performance.json; `stream-memory`: the child process the
// comparison starts to measure one stream run's peak working set; anything else goes to
// BenchmarkDotNet's switcher (e.g. `--filter *` or `--list flat`).
switch (args.FirstOrDefault())
{
    case "compare":
        return await CompareCommand.RunAsync(args[1..]);
    case "chart":
        return CompareCommand.Chart(args[1..]);
    case "stream-memory":
        return await StreamMemoryProbe.RunChildAsync(args[1..]);

    // The generator's own speed (incremental steps, emit time) lands with the generator issue;
    // uncomment when Floxide.Benchmarks/Generator/GeneratorSpeed.cs exists:
    // case "generator": return Floxide.Benchmarks.Generator.GeneratorSpeed.Run(args[1..]);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(CompareCommand).Assembly).Run(args);
        return 0;
}
