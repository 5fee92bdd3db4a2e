using BenchmarkDotNet.Running;
using Floxide.Benchmarks.Compare;

// Entry point. `compare`: the quick side-by-side comparison (also draws docs/performance.png);
// `chart`: redraws the chart from docs/performance.json; `stream-memory`: the child process the
// comparison starts to measure one stream run's peak working set; `generator`: the source
// generator's cold and incremental run times; anything else goes to
// BenchmarkDotNet's switcher (e.g. `--filter *` or `--list flat`).
switch (args.FirstOrDefault())
{
    case "compare" when args.ElementAtOrDefault(1) == "durable":
        // What durability costs, alone: `compare durable` (the full comparison runs it too, at the end).
        return await DurableCompare.RunAsync(args[2..]);
    case "compare" when args.ElementAtOrDefault(1) == "used":
        // What a feature that is on but never acts costs per item (a grace period, a retry pipeline): `compare used`.
        return await UsedCostCompare.RunAsync(args[2..]);
    case "compare" when args.ElementAtOrDefault(1) == "unused":
        // What the optional features cost a batch that uses none of them: `compare unused`.
        return await Floxide.Benchmarks.UnusedCost.UnusedCostCompare.RunAsync(args[2..]);
    case "compare" when args.ElementAtOrDefault(1) == "quota":
        // Adaptive concurrency against a metered API, with and without pausing for a 429's wait: `compare quota`.
        return await Floxide.Benchmarks.Adaptive.QuotaComparison.RunAsync(args[2..]);
    case "compare":
        return await CompareCommand.RunAsync(args[1..]);
    case "chart":
        return CompareCommand.Chart(args[1..]);
    case "stream-memory":
        return await StreamMemoryProbe.RunChildAsync(args[1..]);

    case "generator":
        // The generator's cold and incremental run times (Floxide.Benchmarks/Generator/).
        return Floxide.Benchmarks.Generator.GeneratorBenchmark.Run(args[1..]);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(CompareCommand).Assembly).Run(args);
        return 0;
}
