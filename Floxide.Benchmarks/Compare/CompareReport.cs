namespace Floxide.Benchmarks.Compare;

/// <summary>Everything one <c>compare</c> run measured; saved as JSON so the chart can be redrawn.</summary>
public sealed class CompareReport
{
    /// <summary>Gets or sets a description of the machine and runtime.</summary>
    public string Machine { get; set; } = "";

    /// <summary>Gets or sets when the run finished (UTC, ISO 8601).</summary>
    public string FinishedAt { get; set; } = "";

    /// <summary>Gets or sets the CPU loop iterations calibrated to about 20 µs.</summary>
    public int CpuIterations { get; set; }

    /// <summary>Gets or sets the measured duration of one item of CPU work, in microseconds.</summary>
    public double CpuItemMicroseconds { get; set; }

    /// <summary>Gets or sets the simulated latency of the io scenario, in milliseconds.</summary>
    public double IoLatencyMilliseconds { get; set; }

    /// <summary>Gets or sets what one await of the simulated latency actually took here, in milliseconds (mean of samples taken at the start and before each io case).</summary>
    public double IoMeasuredLatencyMilliseconds { get; set; }

    /// <summary>Gets or sets the measured size of one Floxide item context, in bytes (excluded from allocations).</summary>
    public double ItemContextBytes { get; set; }

    /// <summary>Gets or sets the throughput and allocation figures.</summary>
    public List<CaseResult> Cases { get; set; } = [];

    /// <summary>Gets or sets the stream scenario's peak working sets.</summary>
    public List<MemoryResult> Memory { get; set; } = [];

    /// <summary>Gets or sets the peak working set of a child process that loads everything but runs nothing, in bytes.</summary>
    public long BaselinePeakWorkingSet { get; set; }

    /// <summary>Gets or sets the system's 1-minute load average at the start and at the end (other processes compete for the cores).</summary>
    public string LoadAverage { get; set; } = "";

    /// <summary>Gets or sets the wall-clock duration of the whole compare run, in seconds.</summary>
    public double TotalSeconds { get; set; }
}
