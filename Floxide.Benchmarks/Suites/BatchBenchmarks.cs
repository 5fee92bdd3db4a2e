using BenchmarkDotNet.Attributes;
using Floxide.Benchmarks.Contenders;
using Floxide.Benchmarks.Scenarios;

namespace Floxide.Benchmarks.Suites;

/// <summary>
/// The same scenarios and contenders as <c>compare</c>, under BenchmarkDotNet: slower, with its
/// statistics and <see cref="MemoryDiagnoserAttribute"/> (whose figures, unlike compare's, include
/// Floxide's item contexts). Run with <c>dotnet run -c Release --project Floxide.Benchmarks -- --filter *BatchBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class BatchBenchmarks
{
    private PreparedRun _floxide = null!;
    private PreparedRun _parallelForEach = null!;
    private PreparedRun _dataflow = null!;
    private PreparedRun _semaphoreTasks = null!;

    /// <summary>Gets or sets the scenario.</summary>
    [Params(ScenarioKind.Trivial, ScenarioKind.Cpu, ScenarioKind.Io, ScenarioKind.Stream)]
    public ScenarioKind Scenario { get; set; }

    /// <summary>Gets or sets the concurrency limit.</summary>
    [Params(1, 4, 64)]
    public int Parallelism { get; set; }

    /// <summary>Builds the workload and prepares every contender's run once; runs are reusable.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (spec, count) = Scenario switch
        {
            ScenarioKind.Trivial => (new WorkSpec(Scenario, 0, TimeSpan.Zero), 100_000),
            ScenarioKind.Cpu => (new WorkSpec(Scenario, Work.CalibrateCpuIterations(TimeSpan.FromMicroseconds(20)), TimeSpan.Zero), 2_000),
            ScenarioKind.Io => (new WorkSpec(Scenario, 0, TimeSpan.FromMilliseconds(5)), Parallelism * 20),
            _ => (new WorkSpec(Scenario, 0, TimeSpan.Zero), 1_000_000),
        };
        var workload = Scenario == ScenarioKind.Stream ? Workload.Streamed(spec, count) : Workload.InMemory(spec, count);
        _floxide = new FloxideContender().Prepare(workload, Parallelism);
        _parallelForEach = new ParallelForEachContender().Prepare(workload, Parallelism);
        _dataflow = new DataflowContender().Prepare(workload, Parallelism);
        _semaphoreTasks = new SemaphoreTasksContender().Prepare(workload, Parallelism);
    }

    /// <summary>Floxide's batch node.</summary>
    /// <returns>The run.</returns>
    [Benchmark]
    public Task Floxide() => _floxide.RunAsync();

    /// <summary>Raw Parallel.ForEachAsync.</summary>
    /// <returns>The run.</returns>
    [Benchmark(Baseline = true)]
    public Task ParallelForEachAsync() => _parallelForEach.RunAsync();

    /// <summary>A TPL Dataflow ActionBlock.</summary>
    /// <returns>The run.</returns>
    [Benchmark]
    public Task Dataflow() => _dataflow.RunAsync();

    /// <summary>A semaphore and one task per item (the seed's design).</summary>
    /// <returns>The run.</returns>
    [Benchmark]
    public Task SemaphoreTasks() => _semaphoreTasks.RunAsync();
}
