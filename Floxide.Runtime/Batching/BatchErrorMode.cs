namespace Floxide;

/// <summary>How a batch reacts to a failed item.</summary>
public enum BatchErrorMode
{
    /// <summary>Record the failure and go on with the other items (the default).</summary>
    ContinueOnError,

    /// <summary>Start no further item after the first failure; items that never ran are reported skipped.</summary>
    FailFast,
}
