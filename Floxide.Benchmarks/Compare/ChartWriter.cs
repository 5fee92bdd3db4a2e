using System.Globalization;
using ScottPlot;

namespace Floxide.Benchmarks.Compare;

/// <summary>Draws the comparison as a PNG: each contender's throughput relative to Parallel.ForEachAsync, per scenario and parallelism.</summary>
public static class ChartWriter
{
    /// <summary>Draws the chart.</summary>
    /// <param name="report">The figures.</param>
    /// <param name="path">Where to write the PNG.</param>
    /// <returns>The path written.</returns>
    public static string Write(CompareReport report, string path)
    {
        var contenders = report.Cases.Select(c => (c.Contender, c.ContenderName)).Distinct().ToList();
        var groups = report.Cases.Select(c => (c.Scenario, c.Parallelism)).Distinct().ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        var stride = contenders.Count + 1;
        double top = 1;
        for (var g = 0; g < groups.Count; g++)
        {
            var (scenario, p) = groups[g];
            var baseline = report.Cases.Single(c => c.Scenario == scenario && c.Parallelism == p && c.Contender == "parallel_foreach_async").ItemsPerSecond;
            for (var k = 0; k < contenders.Count; k++)
            {
                if (report.Cases.SingleOrDefault(c => c.Scenario == scenario && c.Parallelism == p && c.Contender == contenders[k].Contender) is not { } cell)
                {
                    continue; // this contender does not run this scenario
                }

                var value = cell.ItemsPerSecond / baseline;
                top = Math.Max(top, value);
                bars.Add(new Bar
                {
                    Position = (g * stride) + k,
                    Value = value,
                    FillColor = palette.GetColor(k),
                    Label = value.ToString("F2", CultureInfo.InvariantCulture),
                });
            }

            ticks.Add(new Tick((g * stride) + ((contenders.Count - 1) / 2.0), $"{scenario}\np={p}"));
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 8;
        var line = plot.Add.HorizontalLine(1);
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.Gray;

        foreach (var (k, name) in contenders.Select((c, k) => (k, c.ContenderName)))
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = palette.GetColor(k) });
        }

        plot.Legend.Alignment = Alignment.UpperRight;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(-1, groups.Count * stride - 1, 0, top * 1.25);
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.YLabel("throughput relative to Parallel.ForEachAsync (higher is better)");
        plot.Title($"Floxide batch throughput vs. raw Parallel.ForEachAsync, TPL Dataflow and semaphore + task per item\n{report.Machine.Split(',')[0]}, 1-minute load average {report.LoadAverage}; {report.FinishedAt}");
        plot.SavePng(path, 1400, 650);
        return path;
    }
}
