using System.Diagnostics;
using System.Globalization;
using Floxide.Benchmarks.Compare;
using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.UnusedCost;

/// <summary>
/// <c>compare unused</c>: what the optional features (resilience, durability, telemetry, logging) cost a batch that
/// uses none of them. <c>compare</c>'s Floxide contender on its trivial and stream scenarios is built twice, against
/// this tree and against <see cref="ProbeBuilds.BaselineCommit"/> from before the features, and both builds run
/// interleaved in one process, each in its own load context. A third context loads the current build again: its
/// ratio to the current build is the measurement's own noise (two copies of the same code should give 1.00).
/// </summary>
/// <remarks>
/// On these VMs a process settles at one of two speeds about 1.5 times apart, whatever the build (code placement, as
/// far as can be seen; the JIT emits the same code in both), so separate processes per side cannot show a 3%
/// difference. Inside one process both sides share that fate; the command still runs several processes and reports
/// the median of their per-process ratios.
/// </remarks>
public static class UnusedCostCompare
{
    private const int Copies = 3;
    private static readonly string[] Sides = ["baseline", "current", "control"];

    /// <summary>Runs the comparison: builds both sides, then measures them in child processes.</summary>
    /// <param name="args">
    /// Options: <c>--processes N</c> (default 5), <c>--rounds N</c> (default 7), <c>--only trivial|stream</c>,
    /// <c>--baseline COMMIT</c>, <c>--current-root DIR</c>, <c>--quick</c>.
    /// </param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.FirstOrDefault() == "--child")
        {
            return await RunChildAsync(args[1..]).ConfigureAwait(false);
        }

        var quick = args.Contains("--quick");
        var processes = CommandOptions.Int(args, "--processes") ?? (quick ? 1 : 5);
        var rounds = CommandOptions.Int(args, "--rounds") ?? (quick ? 2 : 7);
        var only = CommandOptions.Value(args, "--only") ?? "trivial,stream";
        var against = CommandOptions.Value(args, "--baseline") ?? ProbeBuilds.BaselineCommit;
        var (baseline, current) = ProbeBuilds.Build(Path.Combine(AppContext.BaseDirectory, "unused"), against, CommandOptions.Value(args, "--current-root"));

        // ratios[(scenario, p)] = per process (current / baseline, control / current)
        var ratios = new Dictionary<(string Scenario, int Parallelism), List<(double Current, double Control)>>();
        for (var process = 0; process < processes; process++)
        {
            // Which build is loaded, JIT-compiled and warmed first alternates between processes.
            foreach (var line in RunChildProcess(baseline, current, rounds, quick, currentFirst: process % 2 == 1, only))
            {
                // "case <scenario> <p> baseline=<rate> current=<rate> control=<rate>"
                var parts = line.Split(' ');
                var rates = parts[3..].Select(p => double.Parse(p.Split('=')[1], CultureInfo.InvariantCulture)).ToArray();
                var key = (parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture));
                if (!ratios.TryGetValue(key, out var list))
                {
                    ratios[key] = list = [];
                }

                list.Add((rates[1] / rates[0], rates[2] / rates[1]));
                Console.Error.WriteLine($"# process {process + 1}: {parts[1]} p={parts[2]} baseline {rates[0] / 1e6:F2} M/s, current {rates[1] / 1e6:F2} M/s, control {rates[2] / 1e6:F2} M/s");
            }
        }

        Console.WriteLine($"| scenario | p | current / baseline (median, range over {processes} processes) | control / current |");
        Console.WriteLine("|---|---:|---|---|");
        foreach (var ((scenario, p), list) in ratios)
        {
            Console.WriteLine($"| {scenario} | {p} | {Describe(list.Select(r => r.Current))} | {Describe(list.Select(r => r.Control))} |");
        }

        foreach (var ((scenario, p), list) in ratios)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio unused {scenario} p={p} current/baseline={CompareCommand.Median(list.Select(r => r.Current)):F3} control/current={CompareCommand.Median(list.Select(r => r.Control)):F3}"));
        }

        return 0;
    }

    private static string Describe(IEnumerable<double> values)
    {
        var all = values.ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{CompareCommand.Median(all):F3} ({all.Min():F3}–{all.Max():F3})");
    }

    private static IEnumerable<string> RunChildProcess(string baseline, string current, int rounds, bool quick, bool currentFirst, string scenarios) =>
        ChildProcess.RunSelf(
                "compare", "unused", "--child", baseline, current, rounds.ToString(CultureInfo.InvariantCulture), quick ? "quick" : "full",
                currentFirst ? "current-first" : "baseline-first", scenarios)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("case ", StringComparison.Ordinal));

    // The child: one process; every side loaded Copies times, each copy in its own load context with its own JIT-compiled
    // code, so one copy's lucky or unlucky code placement does not decide a side. Rounds rotate the copies' order so
    // drift hits each alike; a side's rate is the mean of its copies' medians.
    private static async Task<int> RunChildAsync(string[] args)
    {
        var (baselineDir, currentDir, rounds, quick) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture), args[3] == "quick");
        var directories = new[] { baselineDir, currentDir, currentDir };
        int[] order = args[4] == "current-first" ? [1, 2, 0] : [0, 1, 2];
        var copies = new List<(int Side, Func<string, int, int, Func<Task<long>>> Entry)>();
        for (var copy = 0; copy < Copies; copy++)
        {
            foreach (var side in order)
            {
                copies.Add((side, new ProbeLoadContext($"{Sides[side]} {copy}", directories[side]).LoadEntryPoint()));
            }
        }

        var scale = quick ? 10 : 1;
        foreach (var scenario in args[5].Split(','))
        {
            var count = (scenario == "trivial" ? CompareCommand.TrivialItems : CompareCommand.StreamItems) / scale;
            var expected = Work.ExpectedChecksum(new WorkSpec(ScenarioKind.Trivial, 0, TimeSpan.Zero), count);
            foreach (var parallelism in new[] { 1, 4, 64 })
            {
                var runs = copies.Select(c => c.Entry(scenario, parallelism, count)).ToArray();
                var rates = copies.Select(_ => new List<double>()).ToArray();

                // Tiered PGO needs several runs before the hot loops reach their final code, and every parallelism
                // brings new code (Parallel.ForEachAsync's instantiation, the concurrent merge) in every copy: with
                // two warm-ups after the first parallelism, the copies were still compiling while measured.
                var warmUps = quick ? 1 : 6;
                for (var w = 0; w < warmUps; w++)
                {
                    for (var k = 0; k < runs.Length; k++)
                    {
                        await MeasureAsync(runs[k], count, expected, Sides[copies[k].Side]).ConfigureAwait(false);
                    }
                }

                for (var round = 0; round < rounds; round++)
                {
                    for (var k = 0; k < runs.Length; k++)
                    {
                        var at = (k + round) % runs.Length;
                        rates[at].Add(await MeasureAsync(runs[at], count, expected, Sides[copies[at].Side]).ConfigureAwait(false));
                    }
                }

                var medians = string.Join(' ', Sides.Select((name, side) => string.Create(CultureInfo.InvariantCulture,
                    $"{name}={Enumerable.Range(0, copies.Count).Where(k => copies[k].Side == side).Average(k => CompareCommand.Median(rates[k])):F0}")));
                Console.WriteLine($"case {scenario} {parallelism} {medians}");
                Console.Error.WriteLine($"# copies {scenario} p={parallelism}: " + string.Join(", ", copies.Select((c, k) => string.Create(CultureInfo.InvariantCulture, $"{Sides[c.Side]} {CompareCommand.Median(rates[k]) / 1e6:F1}"))));
            }
        }

        return 0;
    }

    private static async Task<double> MeasureAsync(Func<Task<long>> run, int count, long expected, string side)
    {
        GC.Collect(); // every run starts from the same empty gen0 (nothing here has a finalizer to wait for)
        var started = Stopwatch.GetTimestamp();
        var checksum = await run().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (checksum != expected)
        {
            throw new InvalidOperationException($"The {side} build produced checksum {checksum}, expected {expected}: it did not do every item's work exactly once.");
        }

        return count / elapsed.TotalSeconds;
    }
}
