using System.Diagnostics.CodeAnalysis;

namespace Floxide;

/// <summary>
/// The outcome of a node: a name that a workflow routes on. Compared ordinally and case-sensitively.
/// </summary>
/// <remarks>
/// Built-in actions are <see cref="Default"/> (continue along the default route) and
/// <see cref="Stop"/> (end the workflow). Users name their own with a string or an enum
/// (<see cref="From{TEnum}(TEnum)"/>); enum names are cached so routing on them does not allocate.
/// </remarks>
public readonly struct NodeAction : IEquatable<NodeAction>
{
    private const string DefaultName = "default";

    private readonly string? _name;

    /// <summary>Creates an action with the given name.</summary>
    /// <param name="name">The action's name; must not be empty.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    public NodeAction(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _name = name;
    }

    /// <summary>Gets the action a node returns when it has nothing special to say.</summary>
    public static NodeAction Default => default;

    /// <summary>Gets the action that ends every workflow, whatever its routes.</summary>
    public static NodeAction Stop { get; } = new("stop");

    /// <summary>Gets the action's name.</summary>
    public string Name => _name ?? DefaultName;

    /// <summary>Gets whether this is <see cref="Default"/>.</summary>
    public bool IsDefault => _name is null || string.Equals(_name, DefaultName, StringComparison.Ordinal);

    /// <summary>Converts an enum value to an action named after its member, without allocating.</summary>
    /// <typeparam name="TEnum">The user's action enum.</typeparam>
    /// <param name="value">The member to convert.</param>
    /// <returns>The action named after <paramref name="value"/>.</returns>
    public static NodeAction From<TEnum>(TEnum value)
        where TEnum : struct, Enum => EnumActions<TEnum>.Get(value);

    /// <summary>Converts a name to an action.</summary>
    /// <param name="name">The action's name.</param>
    public static implicit operator NodeAction(string name) => new(name);

    /// <inheritdoc/>
    public bool Equals(NodeAction other) => string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is NodeAction other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Compares two actions by name.</summary>
    public static bool operator ==(NodeAction left, NodeAction right) => left.Equals(right);

    /// <summary>Compares two actions by name.</summary>
    public static bool operator !=(NodeAction left, NodeAction right) => !left.Equals(right);
}
