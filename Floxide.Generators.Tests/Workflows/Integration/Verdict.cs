namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>The actions of <see cref="Inspect"/>.</summary>
public enum Verdict
{
    /// <summary>Fine: weigh it.</summary>
    Ok,

    /// <summary>Repair first.</summary>
    Damaged,

    /// <summary>Gone: the workflow ends.</summary>
    Lost,
}
