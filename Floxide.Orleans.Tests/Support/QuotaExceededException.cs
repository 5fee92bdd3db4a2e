namespace Floxide.Orleans.Tests;

/// <summary>A service's own "quota used up", with the wait it asks for: nothing Floxide reads, only <see cref="SquareMapping"/>.</summary>
public sealed class QuotaExceededException(TimeSpan retryAfter) : Exception("quota used up")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
