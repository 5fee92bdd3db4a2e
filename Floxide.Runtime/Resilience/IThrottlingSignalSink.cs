namespace Floxide;

/// <summary>What <see cref="ThrottlingSignals.Report"/> reports to: an adaptive batch's attempt, or a recording of one run elsewhere.</summary>
internal interface IThrottlingSignalSink
{
    /// <summary>Takes an exception the running item met and got past.</summary>
    /// <param name="exception">The exception.</param>
    void Observe(Exception exception);
}
