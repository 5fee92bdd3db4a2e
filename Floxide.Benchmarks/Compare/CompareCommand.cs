using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Floxide.Benchmarks.Contenders;
using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Compare;

/// <summary>
/// The quick comparison: every contender on every scenario and parallelism, interleaved in one
/// process (rounds rotate the contenders' order, so drift and noise from other load hit all of them
/// alike), medians reported. Then the stream scenario's peak working set, measured in fresh child
/// processes, and the chart.
/// </summary>
public static class CompareCommand
{
    /// <summary>How many items the trivial scenario runs (also <c>compare durable</c>'s and <c>compare unused</c>'s).</summary>
    internal const int TrivialItems = 500_000;

    /// <summary>How many items the stream scenario runs (also <c>compare unused</c>'s).</summary>
    internal const int StreamItems = 1_000_000;

    /// <summary>How many io items each unit of parallelism runs (also <c>compare durable</c>'s).</summary>
    internal const int IoRoundsPerWorker = 40;

    /// <summary>What one io item waits (also in <c>compare durable</c>).</summary>
    internal static readonly TimeSpan IoLatency = TimeSpan.FromMilliseconds(5);

    private const int CpuItems = 8_000;
    private static readonly TimeSpan CpuTarget = TimeSpan.FromMicroseconds(20);

    /// <summary>Runs the comparison.</summary>
    /// <param name="args">
    /// Options: <c>--rounds N</c>, <c>--quick</c> (a smoke run), <c>--only trivial,io</c> (some scenarios),
    /// <c>--no-memory</c>, <c>--no-chart</c>, <c>--out DIR</c>.
    /// </param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.FirstOrDefault() == "adaptive")
        {
            // `compare adaptive`: only the adaptive concurrency scenario (it also runs at the end of the whole comparison).
            return await Adaptive.AdaptiveComparison.RunAsync(args[1..]).ConfigureAwait(false);
        }

        var quick = args.Contains("--quick");
        var rounds = CommandOptions.Int(args, "--rounds") ?? (quick ? 1 : 5);
        var outDir = CommandOptions.Value(args, "--out") ?? RepositoryPaths.DocsDirectory();
        var scale = quick ? 10 : 1;
        var total = Stopwatch.StartNew();

        var loadBefore = LoadAverage();
        var cpuIterations = Work.CalibrateCpuIterations(CpuTarget);
        var report = new CompareReport
        {
            Machine = MachineDescription(),
            CpuIterations = cpuIterations,
            CpuItemMicroseconds = MeasureCpuItem(cpuIterations),
            IoLatencyMilliseconds = IoLatency.TotalMilliseconds,
            IoMeasuredLatencyMilliseconds = await MeasureIoLatencyAsync().ConfigureAwait(false),
            ItemContextBytes = FloxideContender.ItemContextSize,
        };
        Console.Error.WriteLine($"# {report.Machine}");
        Console.Error.WriteLine($"# cpu item: {cpuIterations} iterations = {report.CpuItemMicroseconds:F1} us; io: {IoLatency.TotalMilliseconds} ms simulated, {report.IoMeasuredLatencyMilliseconds:F2} ms measured per await; Floxide item context: {report.ItemContextBytes:F1} B");

        var contenders = Contender.All();
        var only = CommandOptions.Value(args, "--only");
        var warmed = new HashSet<string>();
        var ioLatencies = new List<double> { report.IoMeasuredLatencyMilliseconds };
        foreach (var (name, spec, parallelism, count, streamed) in Cases(cpuIterations, scale))
        {
            if (only is not null && !only.Split(',').Contains(name))
            {
                continue;
            }

            var workload = streamed ? Workload.Streamed(spec, count) : Workload.InMemory(spec, count);
            if (spec.IsAsync)
            {
                // What one await really takes varies with the machine's load: sample it next to each case.
                ioLatencies.Add(await MeasureIoLatencyAsync().ConfigureAwait(false));
            }

            var warmUps = warmed.Add(name) && !quick ? 3 : 1;
            var results = await MeasureCaseAsync(contenders, workload, parallelism, warmUps, streamed ? Math.Max(1, rounds - 2) : rounds).ConfigureAwait(false);
            foreach (var (contender, runs) in results)
            {
                report.Cases.Add(new CaseResult(
                    name, parallelism, contender.Key, contender.Name, count,
                    Median(runs.Select(x => x.ItemsPerSecond)), Median(runs.Select(x => x.BytesPerItem)), runs.Count));
            }

            Console.Error.WriteLine($"# {name} p={parallelism}: " + string.Join(", ", report.Cases.Where(c => c.Scenario == name && c.Parallelism == parallelism).Select(c => $"{c.Contender} {c.ItemsPerSecond:N0}/s")));
        }

        report.IoMeasuredLatencyMilliseconds = ioLatencies.Average();
        if (!args.Contains("--no-memory"))
        {
            report.BaselinePeakWorkingSet = StreamMemoryProbe.Measure("baseline", 0, 4);
            foreach (var contender in contenders.Where(c => c.Supports(Workload.Streamed(new WorkSpec(ScenarioKind.Stream, 0, TimeSpan.Zero), 0))))
            {
                foreach (var items in new[] { StreamItems / 10 / scale, StreamItems / scale })
                {
                    var peak = StreamMemoryProbe.Measure(contender.Key, items, 4);
                    report.Memory.Add(new MemoryResult(contender.Key, contender.Name, items, 4, peak));
                }
            }
        }

        report.TotalSeconds = total.Elapsed.TotalSeconds;
        report.LoadAverage = $"{loadBefore} at the start, {LoadAverage()} at the end, on {Environment.ProcessorCount} cores";
        report.FinishedAt = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

        var markdown = ReportPrinter.Markdown(report);
        Console.WriteLine(markdown);
        foreach (var line in ReportPrinter.Lines(report))
        {
            Console.WriteLine(line);
        }

        if (only is null || only.Split(',').Contains("adaptive"))
        {
            await Adaptive.AdaptiveComparison.RunAsync(args.Contains("--no-chart") ? ["--no-chart"] : ["--out", outDir]).ConfigureAwait(false);
        }

        if (only is null || only.Split(',').Contains("durable"))
        {
            await DurableCompare.RunAsync(quick ? ["--quick"] : []).ConfigureAwait(false);
        }

        if (!args.Contains("--no-chart"))
        {
            Directory.CreateDirectory(outDir);
            await File.WriteAllTextAsync(Path.Combine(outDir, "performance.json"), JsonSerializer.Serialize(report, JsonOptions)).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(outDir, "performance.md"), markdown).ConfigureAwait(false);
            var chart = ChartWriter.Write(report, Path.Combine(outDir, "performance.png"));
            Console.Error.WriteLine($"# wrote {chart}, performance.json and performance.md");
        }

        return 0;
    }

    /// <summary>Redraws the chart from a saved <c>performance.json</c>.</summary>
    /// <param name="args">Optional: the directory holding performance.json (defaults to docs/).</param>
    /// <returns>The exit code.</returns>
    public static int Chart(string[] args)
    {
        var dir = args.FirstOrDefault() ?? RepositoryPaths.DocsDirectory();
        var report = JsonSerializer.Deserialize<CompareReport>(File.ReadAllText(Path.Combine(dir, "performance.json")), JsonOptions)
            ?? throw new InvalidOperationException("performance.json is empty.");
        Console.WriteLine(ChartWriter.Write(report, Path.Combine(dir, "performance.png")));
        return 0;
    }

    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static IEnumerable<(string Name, WorkSpec Spec, int Parallelism, int Count, bool Streamed)> Cases(int cpuIterations, int scale)
    {
        var trivial = new WorkSpec(ScenarioKind.Trivial, 0, TimeSpan.Zero);
        var cpu = new WorkSpec(ScenarioKind.Cpu, cpuIterations, TimeSpan.Zero);
        var io = new WorkSpec(ScenarioKind.Io, 0, IoLatency);
        var stream = new WorkSpec(ScenarioKind.Stream, 0, TimeSpan.Zero);
        foreach (var p in new[] { 1, 4, 64 })
        {
            yield return ("trivial", trivial, p, TrivialItems / scale, false);
        }

        // p=2 as well: the scaling target is parallelism 2 against 1 on a 2-core machine.
        foreach (var p in new[] { 1, 2, 4, 64 })
        {
            yield return ("cpu", cpu, p, CpuItems / scale, false);
        }

        foreach (var p in new[] { 1, 4, 64 })
        {
            yield return ("io", io, p, p * IoRoundsPerWorker / Math.Min(scale, 4), false);
        }

        foreach (var p in new[] { 1, 4, 64 })
        {
            yield return ("stream", stream, p, StreamItems / scale, true);
        }
    }

    private static async Task<List<(Contender Contender, List<(double ItemsPerSecond, double BytesPerItem)> Runs)>> MeasureCaseAsync(
        IReadOnlyList<Contender> contenders, Workload workload, int parallelism, int warmUps, int rounds)
    {
        var expected = Work.ExpectedChecksum(workload.Spec, workload.Count);
        contenders = contenders.Where(c => c.Supports(workload)).ToList();
        var runs = contenders.Select(c => (Contender: c, Runs: new List<(double, double)>())).ToList();

        // Warm-up: JIT every path. Tiered compilation needs several runs of a scenario before the
        // hot loops reach optimised code (through on-stack replacement and dynamic PGO), so the first
        // parallelism of each scenario warms up three times; the JIT state carries over to the others.
        for (var w = 0; w < warmUps; w++)
        {
            foreach (var contender in contenders)
            {
                await RunOnceAsync(contender, workload, parallelism, expected).ConfigureAwait(false);
            }
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < runs.Count; k++)
            {
                var entry = runs[(k + round) % runs.Count];
                entry.Runs.Add(await RunOnceAsync(entry.Contender, workload, parallelism, expected).ConfigureAwait(false));
            }
        }

        return runs;
    }

    private static async Task<(double ItemsPerSecond, double BytesPerItem)> RunOnceAsync(
        Contender contender, Workload workload, int parallelism, long expected)
    {
        var run = contender.Prepare(workload, parallelism);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        await run.RunAsync().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore - contender.ExcludedBytes(workload.Count);
        var checksum = run.Checksum();
        if (checksum != expected)
        {
            throw new InvalidOperationException($"{contender.Name} produced checksum {checksum}, expected {expected}: it did not do every item's work exactly once.");
        }

        return (workload.Count / elapsed.TotalSeconds, Math.Max(0, allocated) / (double)workload.Count);
    }

    private static double MeasureCpuItem(int iterations)
    {
        // Best of five batches: other processes only ever make it slower.
        long sink = 0;
        var best = double.MaxValue;
        for (var batch = 0; batch < 5; batch++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < 400; i++)
            {
                sink += Work.Cpu(i, iterations);
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalMicroseconds / 400);
        }

        GC.KeepAlive(sink);
        return best;
    }

    private static async Task<double> MeasureIoLatencyAsync()
    {
        var spec = new WorkSpec(ScenarioKind.Io, 0, IoLatency);
        const int Samples = 30;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Samples; i++)
        {
            await Work.ComputeAsync(spec, i, CancellationToken.None).ConfigureAwait(false);
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds / Samples;
    }

    /// <summary>The value below which <paramref name="quantile"/> (0 to 1) of <paramref name="values"/> lie: nearest rank.</summary>
    internal static double Quantile(IEnumerable<double> values, double quantile)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static string MachineDescription()
    {
        var cpu = "unknown CPU";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return $"{cpu}, {Environment.ProcessorCount} logical cores, {memory:F1} GB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, workstation concurrent GC";
    }
}
