using System.Globalization;

namespace Floxide.Orleans;

/// <summary>
/// The one wording of a mapping method's failure, on the coordinator and on a silo: the item fails with an
/// <see cref="ItemFailedOutsideStepsException"/> whose message names the method and the item, around what the method threw.
/// </summary>
internal static class MappingFailure
{
    /// <summary>
    /// "SquareMapping.ToReply failed for item 4 of workflow 'squares' on silo S1: System.FormatException: ..."; without
    /// <paramref name="silo"/> on the coordinator, and "an item" when the index is unknown.
    /// </summary>
    /// <param name="mapping">The mapping's type.</param>
    /// <param name="method">The mapping method that threw.</param>
    /// <param name="itemIndex">The item's input position, if known.</param>
    /// <param name="workflow">The name the workflow is registered under.</param>
    /// <param name="silo">The silo it threw on; null on the coordinator.</param>
    /// <param name="exception">What it threw.</param>
    public static string Message(Type mapping, string method, long? itemIndex, string workflow, string? silo, Exception exception) =>
        $"{DisplayName(mapping)}.{method} failed for {Item(itemIndex)} of workflow '{workflow}'"
        + (silo is null ? "" : $" on silo {silo}")
        + $": {exception.GetType().FullName}: {exception.Message}";

    /// <summary>"item 4", or "an item" when the index is unknown (a call from a coordinator that does not send it).</summary>
    /// <param name="itemIndex">The item's input position, if known.</param>
    public static string Item(long? itemIndex) =>
        itemIndex is { } index ? "item " + index.ToString(CultureInfo.InvariantCulture) : "an item";

    /// <summary>A type's name as C# writes it: <c>JsonMapping&lt;Order&gt;</c>, not <c>JsonMapping`1</c>.</summary>
    /// <param name="type">The type.</param>
    public static string DisplayName(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var tick = type.Name.IndexOf('`', StringComparison.Ordinal);
        var name = tick < 0 ? type.Name : type.Name[..tick];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(DisplayName))}>";
    }
}
