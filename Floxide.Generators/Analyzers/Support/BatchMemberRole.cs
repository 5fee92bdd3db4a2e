namespace Floxide.Generators.Analyzers.Support;

/// <summary>The role attributes a member of a batch context can carry (flags: a member may wrongly carry several).</summary>
[System.Flags]
internal enum BatchMemberRole
{
    None = 0,
    BatchItems = 1,
    BatchItem = 2,
    ItemOutput = 4,
    BatchOutputs = 8,
    Shared = 16,
    PerItem = 32,
}
