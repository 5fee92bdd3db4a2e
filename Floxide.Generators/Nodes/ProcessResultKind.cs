namespace Floxide.Generators.Nodes;

/// <summary>What a process method's (awaited) result is, and so how it maps to a <c>NodeAction</c>.</summary>
internal enum ProcessResultKind
{
    /// <summary>No result: <c>NodeAction.Default</c>.</summary>
    None,

    /// <summary><c>bool</c>: true continues (<c>Default</c>), false ends the workflow (<c>Stop</c>).</summary>
    Bool,

    /// <summary>A <c>NodeAction</c>, used as is.</summary>
    Action,

    /// <summary>An action enum, converted with <c>NodeAction.From</c> (cached names).</summary>
    Enum,
}
