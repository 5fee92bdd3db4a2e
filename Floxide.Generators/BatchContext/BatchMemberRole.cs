namespace Floxide.Generators.BatchContext;

/// <summary>The role attributes a member of a batch context can carry (flags: a member may wrongly carry several).</summary>
[System.Flags]
internal enum BatchMemberRole
{
    /// <summary>No role: plain state, copied into every item context.</summary>
    None = 0,

    /// <summary><c>[BatchItems]</c>.</summary>
    BatchItems = 1,

    /// <summary><c>[BatchItem]</c>.</summary>
    BatchItem = 2,

    /// <summary><c>[ItemOutput]</c>.</summary>
    ItemOutput = 4,

    /// <summary><c>[BatchOutputs]</c>.</summary>
    BatchOutputs = 8,

    /// <summary><c>[Shared]</c>.</summary>
    Shared = 16,

    /// <summary><c>[PerItem]</c>.</summary>
    PerItem = 32,
}
