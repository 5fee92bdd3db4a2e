using Polly;

namespace Floxide;

/// <summary>
/// The options Polly asks for when one of Floxide's strategies (<see cref="RateLimitStrategy"/>,
/// <see cref="ThrottlingSignalStrategy"/>, <see cref="BatchAdmissionStrategy"/>) is added. None has anything to set, and
/// Polly's telemetry names a strategy by the options' <see cref="ResilienceStrategyOptions.Name"/>, never by their type,
/// so one type serves them all.
/// </summary>
internal sealed class EmptyStrategyOptions : ResilienceStrategyOptions
{
}
