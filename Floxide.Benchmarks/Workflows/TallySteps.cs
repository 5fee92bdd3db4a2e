namespace Floxide.Benchmarks.Workflows;

/// <summary>
/// The five synchronous steps of the benchmark workflow. A build-time workflow names its steps by
/// type, so a five-step chain needs five step types.
/// </summary>
public static partial class TallySteps
{
    /// <summary>Adds 1.</summary>
    [Node]
    public sealed partial class One
    {
        /// <summary>Adds to the total.</summary>
        public void Process(Tally tally) => tally.Value += 1;
    }

    /// <summary>Adds 2.</summary>
    [Node]
    public sealed partial class Two
    {
        /// <summary>Adds to the total.</summary>
        public void Process(Tally tally) => tally.Value += 2;
    }

    /// <summary>Adds 3.</summary>
    [Node]
    public sealed partial class Three
    {
        /// <summary>Adds to the total.</summary>
        public void Process(Tally tally) => tally.Value += 3;
    }

    /// <summary>Adds 4.</summary>
    [Node]
    public sealed partial class Four
    {
        /// <summary>Adds to the total.</summary>
        public void Process(Tally tally) => tally.Value += 4;
    }

    /// <summary>Adds 5.</summary>
    [Node]
    public sealed partial class Five
    {
        /// <summary>Adds to the total.</summary>
        public void Process(Tally tally) => tally.Value += 5;
    }
}
