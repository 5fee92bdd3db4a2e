using Polly;

namespace Floxide;

/// <summary>The options of <see cref="BatchAdmissionStrategy"/>: none.</summary>
internal sealed class BatchAdmissionStrategyOptions : ResilienceStrategyOptions
{
}
