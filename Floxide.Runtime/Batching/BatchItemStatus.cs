namespace Floxide;

/// <summary>What became of one batch item.</summary>
public enum BatchItemStatus
{
    /// <summary>The item's workflow ran to the end.</summary>
    Succeeded,

    /// <summary>The item's workflow, or its context factory, threw; the result keeps the exception.</summary>
    Failed,

    /// <summary>The batch was canceled before the item started, or the item observed the cancellation.</summary>
    Canceled,

    /// <summary>A fail-fast batch stopped at another item's failure before this item started.</summary>
    Skipped,
}
