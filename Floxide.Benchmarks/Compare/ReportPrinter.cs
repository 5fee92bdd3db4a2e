using System.Globalization;
using System.Text;

namespace Floxide.Benchmarks.Compare;

/// <summary>Turns a <see cref="CompareReport"/> into the Markdown tables and the machine-readable lines.</summary>
public static class ReportPrinter
{
    private const string Floxide = "floxide";
    private const string Baseline = "parallel_foreach_async";
    private const string Dataflow = "dataflow";

    /// <summary>Formats the tables.</summary>
    /// <param name="report">The figures.</param>
    /// <returns>Markdown.</returns>
    public static string Markdown(CompareReport report)
    {
        var contenders = report.Cases.Select(c => (c.Contender, c.ContenderName)).Distinct().ToList();
        var groups = report.Cases.Select(c => (c.Scenario, c.Parallelism)).Distinct().ToList();
        var sb = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;

        sb.AppendLine(invariant, $"Machine: {report.Machine}. Finished {report.FinishedAt}, {report.TotalSeconds:F0} s in all; load average {report.LoadAverage}.");
        sb.AppendLine(invariant, $"Work per item: trivial = a few arithmetic operations; cpu = {report.CpuIterations:N0} xorshift steps ({report.CpuItemMicroseconds:F1} µs); io = `Task.Delay({report.IoLatencyMilliseconds:F0} ms)` (one await measured {report.IoMeasuredLatencyMilliseconds:F2} ms on average, sampled alone before each io case); stream = trivial work over items from an `IAsyncEnumerable<int>`.");
        sb.AppendLine();
        sb.AppendLine("Throughput (items/s, median; higher is better):");
        sb.AppendLine();
        sb.Append("| scenario | p | items |");
        foreach (var (_, name) in contenders)
        {
            sb.Append(invariant, $" {name} |");
        }

        sb.AppendLine(" Floxide / Parallel.ForEachAsync |");
        sb.AppendLine("|---|---:|---:|" + string.Concat(Enumerable.Repeat("---:|", contenders.Count)) + "---:|");
        foreach (var (scenario, p) in groups)
        {
            var row = report.Cases.Where(c => c.Scenario == scenario && c.Parallelism == p).ToList();
            sb.Append(invariant, $"| {scenario} | {p} | {row[0].Items:N0} |");
            foreach (var (key, _) in contenders)
            {
                sb.Append(invariant, $" {(row.SingleOrDefault(c => c.Contender == key) is { } cell ? Rate(cell.ItemsPerSecond) : "—")} |");
            }

            sb.AppendLine(invariant, $" **{Ratio(report, scenario, p):F2}** |");
        }

        sb.AppendLine();
        sb.AppendLine(invariant, $"Allocated bytes per item (all threads, median; Floxide's own item context, {report.ItemContextBytes:F0} B measured, excluded):");
        sb.AppendLine();
        sb.Append("| scenario | p |");
        foreach (var (_, name) in contenders)
        {
            sb.Append(invariant, $" {name} |");
        }

        sb.AppendLine();
        sb.AppendLine("|---|---:|" + string.Concat(Enumerable.Repeat("---:|", contenders.Count)));
        foreach (var (scenario, p) in groups)
        {
            sb.Append(invariant, $"| {scenario} | {p} |");
            foreach (var (key, _) in contenders)
            {
                sb.Append(invariant, $" {(Find(report, scenario, p, key) is { } cell ? cell.BytesPerItem.ToString("F1", invariant) : "—")} |");
            }

            sb.AppendLine();
        }

        var io = groups.Where(g => g.Scenario == "io").ToList();
        if (io.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(invariant, $"io: share of the ideal throughput p / latency, with latency = {report.IoLatencyMilliseconds:F0} ms as simulated (and, in brackets, = {report.IoMeasuredLatencyMilliseconds:F2} ms as one await measured here):");
            sb.AppendLine();
            sb.Append("| p | ideal items/s |");
            foreach (var (_, name) in contenders.Where(c => Find(report, "io", io[0].Parallelism, c.Contender) is not null))
            {
                sb.Append(invariant, $" {name} |");
            }

            sb.AppendLine();
            sb.AppendLine("|---:|---:|" + string.Concat(Enumerable.Repeat("---:|", contenders.Count(c => Find(report, "io", io[0].Parallelism, c.Contender) is not null))));
            foreach (var (_, p) in io)
            {
                sb.Append(invariant, $"| {p} | {p * 1000 / report.IoLatencyMilliseconds:N0} |");
                foreach (var (key, _) in contenders.Where(c => Find(report, "io", p, c.Contender) is not null))
                {
                    var (nominal, measured) = IdealShares(report, p, key);
                    sb.Append(invariant, $" {nominal:F1} % ({measured:F1} %) |");
                }

                sb.AppendLine();
            }
        }

        if (Find(report, "cpu", 1, Floxide) is not null && Find(report, "cpu", 2, Floxide) is not null)
        {
            sb.AppendLine();
            sb.Append("cpu scaling, throughput at p=2 / p=1:");
            foreach (var (key, name) in contenders.Where(c => Find(report, "cpu", 1, c.Contender) is not null))
            {
                sb.Append(invariant, $" {name} {Scaling(report, key):F2}x;");
            }

            sb.AppendLine();
        }

        if (report.Memory.Count > 0)
        {
            var sizes = report.Memory.Select(m => m.Items).Distinct().Order().ToList();
            sb.AppendLine();
            sb.AppendLine(invariant, $"stream: peak working set of a fresh process streaming the items at p={report.Memory[0].Parallelism} (a process that loads everything and runs nothing peaks at {Mb(report.BaselinePeakWorkingSet)}); every contender keeps each item's 8-byte output, so the outputs alone grow by {Mb(((long)sizes[^1] - sizes[0]) * sizeof(long))}:");
            sb.AppendLine();
            var outputsGrowth = (sizes[^1] - sizes[0]) * (long)sizeof(long);
            sb.AppendLine("| contender | " + string.Join(" | ", sizes.Select(s => s.ToString("N0", invariant) + " items")) + " | growth | growth less the outputs every contender keeps |");
            sb.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", sizes.Count + 2)));
            foreach (var (key, name) in report.Memory.Select(m => (m.Contender, m.ContenderName)).Distinct())
            {
                var peaks = sizes.Select(s => report.Memory.Single(m => m.Contender == key && m.Items == s).PeakWorkingSetBytes).ToList();
                var cells = string.Join(" | ", peaks.Select(Mb));
                var growth = peaks[^1] - peaks[0];
                sb.AppendLine(invariant, $"| {name} | {cells} | {Mb(growth)} | {Mb(growth - outputsGrowth)} |");
            }
        }

        return sb.ToString();
    }

    /// <summary>The machine-readable lines: first exactly the <c>ratio</c> lines (against Parallel.ForEachAsync and, where it ran, TPL Dataflow) and <c>alloc</c> lines the issue specifies, then the other targets' figures.</summary>
    /// <param name="report">The figures.</param>
    /// <returns>One line each.</returns>
    public static IEnumerable<string> Lines(CompareReport report)
    {
        var invariant = CultureInfo.InvariantCulture;
        var groups = report.Cases.Select(c => (c.Scenario, c.Parallelism)).Distinct().ToList();
        foreach (var (scenario, p) in groups)
        {
            yield return string.Create(invariant, $"ratio {scenario} p={p} floxide/parallel_foreach_async={Ratio(report, scenario, p):F2}");
            if (Find(report, scenario, p, Dataflow) is { } dataflow)
            {
                yield return string.Create(invariant, $"ratio {scenario} p={p} floxide/dataflow={Find(report, scenario, p, Floxide)!.ItemsPerSecond / dataflow.ItemsPerSecond:F2}");
            }
        }

        foreach (var (scenario, p) in groups)
        {
            yield return string.Create(invariant, $"alloc {scenario} p={p} floxide={Find(report, scenario, p, Floxide)!.BytesPerItem:F1} parallel_foreach_async={Find(report, scenario, p, Baseline)!.BytesPerItem:F1}");
        }

        foreach (var (_, p) in groups.Where(g => g.Scenario == "io"))
        {
            var (floxide, floxideMeasured) = IdealShares(report, p, Floxide);
            var (baseline, baselineMeasured) = IdealShares(report, p, Baseline);
            yield return string.Create(invariant, $"ideal io p={p} floxide={floxide:F1}% parallel_foreach_async={baseline:F1}% (vs measured await latency: floxide={floxideMeasured:F1}% parallel_foreach_async={baselineMeasured:F1}%)");
        }

        if (Find(report, "cpu", 2, Floxide) is not null)
        {
            yield return string.Create(invariant, $"scaling cpu p=2/p=1 floxide={Scaling(report, Floxide):F2} parallel_foreach_async={Scaling(report, Baseline):F2}");
        }

        foreach (var size in report.Memory.Select(m => m.Items).Distinct().Order())
        {
            var row = report.Memory.Where(m => m.Items == size).ToList();
            var cells = string.Join(' ', row.Select(m => string.Create(invariant, $"{m.Contender}={m.PeakWorkingSetBytes / 1048576.0:F1}MB")));
            yield return string.Create(invariant, $"memory stream items={size} p={row[0].Parallelism} {cells}");
        }
    }

    internal static double Ratio(CompareReport report, string scenario, int p) =>
        Find(report, scenario, p, Floxide)!.ItemsPerSecond / Find(report, scenario, p, Baseline)!.ItemsPerSecond;

    private static (double Nominal, double Measured) IdealShares(CompareReport report, int p, string key)
    {
        var rate = Find(report, "io", p, key)!.ItemsPerSecond;
        return (100 * rate / (p * 1000 / report.IoLatencyMilliseconds), 100 * rate / (p * 1000 / report.IoMeasuredLatencyMilliseconds));
    }

    private static double Scaling(CompareReport report, string key) =>
        Find(report, "cpu", 2, key)!.ItemsPerSecond / Find(report, "cpu", 1, key)!.ItemsPerSecond;

    private static CaseResult? Find(CompareReport report, string scenario, int p, string key) =>
        report.Cases.SingleOrDefault(c => c.Scenario == scenario && c.Parallelism == p && c.Contender == key);

    private static string Rate(double itemsPerSecond) => itemsPerSecond >= 1_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{itemsPerSecond / 1_000_000:F2} M")
        : itemsPerSecond >= 1_000
            ? string.Create(CultureInfo.InvariantCulture, $"{itemsPerSecond / 1_000:F1} k")
            : string.Create(CultureInfo.InvariantCulture, $"{itemsPerSecond:F0}");

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MB");
}
