using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// Collecting Floxide's instruments in a test: the meter is process-wide, so each test gives its batch a unique id and
/// reads only the measurements tagged with it.
/// </summary>
internal static class FloxideMetrics
{
    /// <summary>A collector of one of Floxide's instruments.</summary>
    public static MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(null, FloxideTelemetry.MeterName, instrument);

    /// <summary>A batch id no other test uses.</summary>
    public static string UniqueId() => "metrics-" + Guid.NewGuid().ToString("N");

    /// <summary>The measurements of the batch <paramref name="id"/>.</summary>
    public static List<CollectedMeasurement<T>> Mine<T>(MetricCollector<T> collector, string id)
        where T : struct => [.. collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags["floxide.batch.id"], id))];
}
