using ScottPlot;

namespace Floxide.Benchmarks.Adaptive;

/// <summary>Draws adaptive concurrency at work: the level and the requests in flight over time, against the server's capacity.</summary>
public static class AdaptiveChart
{
    /// <summary>Draws the chart.</summary>
    /// <param name="run">An adaptive run.</param>
    /// <param name="capacity">How many requests the server serves at once.</param>
    /// <param name="path">Where to write the PNG.</param>
    /// <returns>The path written.</returns>
    public static string Write(AdaptiveRun run, int capacity, string path)
    {
        var plot = new Plot();
        var inFlight = plot.Add.Scatter(run.InFlight.Select(s => s.Seconds).ToArray(), run.InFlight.Select(s => (double)s.Count).ToArray());
        inFlight.LegendText = "requests in flight (sampled every 10 ms)";
        inFlight.MarkerSize = 0;
        inFlight.LineWidth = 1;
        inFlight.Color = Colors.Gray.WithAlpha(0.6);
        var level = plot.Add.Scatter(run.Levels.Select(s => s.Seconds).ToArray(), run.Levels.Select(s => (double)s.Level).ToArray());
        level.LegendText = "BatchProgress.ConcurrencyLevel (reported every 100 ms)";
        level.ConnectStyle = ConnectStyle.StepHorizontal;
        level.LineWidth = 3;
        level.MarkerSize = 4;
        var line = plot.Add.HorizontalLine(capacity);
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.Red;
        line.LegendText = $"server capacity: {capacity} at once, 429 beyond (unknown to the client)";
        plot.Axes.SetLimitsY(0, capacity * 2);
        plot.XLabel("seconds since the batch started");
        plot.YLabel("concurrency");
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.Title($"Adaptive concurrency (ceiling 64) against a server that serves {capacity} at once: {run.ItemsPerSecond:N0} items/s, {run.Failed} failed, {run.Rejected} requests answered 429");
        plot.SavePng(path, 1200, 500);
        return path;
    }
}
