using System.Globalization;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// The declared cancellation grace period (<c>CancellationGracePeriodMs</c> of <c>[BatchContext]</c>, R16, and of
/// <c>[BatchStep]</c>): its one rule and how generated code spells it. The rule is the one
/// <c>BatchOptions.CancellationGracePeriod</c> enforces at run time (no negative period but
/// <c>Timeout.InfiniteTimeSpan</c>), written once here so the two attributes and the runtime cannot drift apart.
/// </summary>
internal static class GracePeriod
{
    /// <summary>The milliseconds that let running attempts finish, <c>Timeout.Infinite</c>'s value.</summary>
    public const int Unbounded = -1;

    /// <summary>Whether <paramref name="milliseconds"/> is a period the options accept: 0 or more, or <see cref="Unbounded"/>.</summary>
    public static bool IsValid(int milliseconds) => milliseconds >= 0 || milliseconds == Unbounded;

    /// <summary>The <c>TimeSpan</c> expression of a valid period, for a <c>CancellationGracePeriod = ...</c> setting.</summary>
    public static string Expression(int milliseconds) => milliseconds switch
    {
        Unbounded => "global::System.Threading.Timeout.InfiniteTimeSpan",
        0 => "global::System.TimeSpan.Zero",
        _ => "global::System.TimeSpan.FromMilliseconds(" + Number(milliseconds) + ")",
    };

    /// <summary>How a generated doc comment says what a valid, non-zero period does.</summary>
    public static string Describe(int milliseconds) => milliseconds == Unbounded
        ? "the attempts running when the batch is canceled go on to their end"
        : "the attempts running when the batch is canceled have " + Number(milliseconds) + " ms to finish";

    /// <summary>The number as C# and the attribute spell it.</summary>
    public static string Number(int milliseconds) => milliseconds.ToString(CultureInfo.InvariantCulture);
}
