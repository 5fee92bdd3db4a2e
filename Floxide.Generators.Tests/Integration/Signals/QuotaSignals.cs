namespace Floxide.Generators.Tests.Integration.Signals;

/// <summary>A classifier in a namespace of its own, beside an overload of another shape, as a shared library would have it.</summary>
public static class QuotaSignals
{
    /// <summary>Whether a message speaks of the quota: not the reader's shape, so the generated options leave it alone.</summary>
    public static bool IsExhausted(string message) => message.Contains("quota", StringComparison.OrdinalIgnoreCase);

    /// <summary>A timeout means the quota is used up (no built-in signal says so).</summary>
    public static bool IsExhausted(Exception error) => error is TimeoutException;
}
