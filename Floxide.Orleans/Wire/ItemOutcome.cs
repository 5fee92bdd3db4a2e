using global::Orleans;

namespace Floxide.Orleans;

/// <summary>How one item attempt ended on its silo.</summary>
[GenerateSerializer, Alias("Floxide.Orleans.ItemOutcome")]
internal enum ItemOutcome
{
    /// <summary>The workflow ended with an action.</summary>
    Succeeded,

    /// <summary>The workflow (or the silo's item setup) threw.</summary>
    Failed,

    /// <summary>The workflow observed the batch's cancellation.</summary>
    Canceled,

    /// <summary>Not an end: the item reported what it got past (<see cref="ItemReply.Signal"/>) and goes on.</summary>
    Reported,
}
