namespace Floxide;

/// <summary>
/// The names to subscribe to for Floxide's traces and metrics, e.g. <c>tracing.AddSource(FloxideTelemetry.ActivitySourceName)</c>
/// and <c>metrics.AddMeter(FloxideTelemetry.MeterName)</c> with OpenTelemetry. Every span, instrument, unit and tag is
/// described in <c>docs/telemetry.md</c>.
/// </summary>
/// <remarks>
/// Nothing is recorded, timed or allocated for telemetry while nobody listens: each batch run decides once, when it
/// starts, what its listeners want.
/// </remarks>
public static class FloxideTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> for batch, item, workflow and step spans.</summary>
    public const string ActivitySourceName = "Floxide";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> for batch and item metrics.</summary>
    public const string MeterName = "Floxide";
}
