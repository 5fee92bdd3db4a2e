using Polly;

namespace Floxide;

/// <summary>The (empty) options Polly asks for when <see cref="RateLimitStrategy"/> is added.</summary>
internal sealed class RateLimitStrategyOptions : ResilienceStrategyOptions
{
}
