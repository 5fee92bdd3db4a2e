namespace Floxide;

/// <summary>Caches one <see cref="NodeAction"/> per member of an action enum.</summary>
internal static class EnumActions<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, NodeAction> Actions = Build();

    public static NodeAction Get(TEnum value) =>
        Actions.TryGetValue(value, out var action) ? action : new NodeAction(value.ToString());

    private static Dictionary<TEnum, NodeAction> Build()
    {
        var values = Enum.GetValues<TEnum>();
        var actions = new Dictionary<TEnum, NodeAction>(values.Length);
        foreach (var value in values)
        {
            // Aliased members share a value and get the one name Enum.ToString gives it (which, .NET leaves unspecified).
            actions.TryAdd(value, new NodeAction(value.ToString()));
        }

        return actions;
    }
}
