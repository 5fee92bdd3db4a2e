namespace Floxide.Generators.BatchContext;

/// <summary>
/// How the generated durable codec turns an [ItemKey] member into the item's key: a culture-invariant string that
/// round-trips the value, so two different keys never print alike (see docs/durability.md, "The codec").
/// </summary>
internal enum ItemKeyFormat
{
    /// <summary>A string, as it is (null as the empty string).</summary>
    Text,

    /// <summary>
    /// An integer, <c>bool</c>, <c>char</c> or <c>decimal</c>: <c>Convert.ToString(key, InvariantCulture)</c>, which
    /// round-trips them (a decimal keeps its scale). Nullable ones print null as the empty string.
    /// </summary>
    Convert,

    /// <summary>A <c>double</c> or <c>float</c>: <c>ToString("R")</c>, which round-trips on every runtime.</summary>
    RoundTripNumber,

    /// <summary>
    /// A <c>DateTime</c>, <c>DateTimeOffset</c>, <c>DateOnly</c> or <c>TimeOnly</c>: <c>ToString("O")</c>, to the tick,
    /// with a DateTime's kind and a DateTimeOffset's offset (the invariant default drops fractions of a second, and a
    /// TimeOnly's even the seconds).
    /// </summary>
    RoundTripDate,

    /// <summary>
    /// Anything else with a stable printed form (a Guid, TimeSpan, enum, record, or a type that implements
    /// <c>IFormattable</c> or overrides <c>ToString()</c>): <c>Convert.ToString((object?)key, InvariantCulture)</c>, cast to
    /// <c>object</c> so that a user-defined conversion cannot pick a lossy overload.
    /// </summary>
    Object,
}
