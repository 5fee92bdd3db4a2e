namespace Floxide;

/// <summary>How a batch reacts to a failed item.</summary>
public enum BatchErrorMode
{
    /// <summary>Record the failure and go on with the other items (the default).</summary>
    ContinueOnError,

    /// <summary>
    /// Stop at the first failure: start no further item or attempt, and cancel the ones running (their workflows see the
    /// token); those, and the items that never ran, are reported skipped.
    /// </summary>
    FailFast,
}
