using Polly;

namespace Floxide;

/// <summary>The (empty) options Polly asks for when <see cref="ThrottlingSignalStrategy"/> is added.</summary>
internal sealed class ThrottlingSignalStrategyOptions : ResilienceStrategyOptions
{
}
