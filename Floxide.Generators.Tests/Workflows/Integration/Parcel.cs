using System.Collections.Concurrent;

namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>The context of the parcel workflows: a batch context whose items are the parcel's lines.</summary>
[BatchContext(MaxDegreeOfParallelism = 1)]
public partial class Parcel
{
    /// <summary>Gets or sets the lines packed by the batch step, one item context each.</summary>
    [BatchItems]
    public List<string> Lines { get; set; } = [];

    /// <summary>Gets or sets the line of an item context.</summary>
    [BatchItem]
    public string Line { get; set; } = "";

    /// <summary>Gets or sets what <see cref="Inspect"/> decides.</summary>
    public Verdict Condition { get; set; }

    /// <summary>Gets or sets how many weighings until the scale settles.</summary>
    public int WeighingsNeeded { get; set; } = 1;

    /// <summary>Gets or sets the weighings so far.</summary>
    public int Weighings { get; set; }

    /// <summary>Gets or sets the action <see cref="Pick"/> returns ("default" for the default action).</summary>
    public string Choice { get; set; } = "default";

    /// <summary>Gets or sets whether a step should throw.</summary>
    public bool Jam { get; set; }

    /// <summary>Gets the steps taken, in order; shared with item contexts on purpose so the batch's steps show in it.</summary>
    [Shared]
    public ConcurrentQueue<string> Trail { get; init; } = new();
}
