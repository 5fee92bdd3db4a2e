using System.Globalization;

namespace Floxide.Runtime.Tests.Properties;

/// <summary>One result as a run handed it over (a kept result, a merged one, a streamed one), whatever the context type.</summary>
public sealed record ObservedResult(long Index, int Item, BatchItemStatus Status, int Attempts, Exception? Exception, bool TimedOut, bool Resumed, int? Output)
{
    public static ObservedResult Of<TContext>(in BatchItemResult<TContext, int> result)
        where TContext : class, ILedgerItem =>
        new(result.Index, result.Item, result.Status, result.Attempts, result.Exception, result.TimedOut, result.Resumed, result.Context?.Output);

    /// <summary>One line: the status, attempts, output, and the exception's type and message (no stack trace).</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"#{Index} {Status}{(Resumed ? " (resumed)" : "")}{(TimedOut ? " (timed out)" : "")}, {Attempts} attempts, output {Output?.ToString(CultureInfo.InvariantCulture) ?? "none"}{(Exception is null ? "" : $", {Exception.GetType().Name}: {Exception.Message}")}");
}
