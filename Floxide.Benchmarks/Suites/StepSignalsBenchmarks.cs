using BenchmarkDotNet.Attributes;
using Polly;
using Polly.Retry;

namespace Floxide.Benchmarks.Suites;

/// <summary>
/// What a step's throttling signals (<see cref="FloxideResiliencePipelineBuilderExtensions.AddThrottlingSignals{TBuilder}"/>) add
/// to each call of a step with a retry, outside an adaptive batch, where they have nothing to report: a no-op step run
/// through a bare retry pipeline (the baseline), through one with the signals after the retry (what a generated
/// <c>[Retry]</c> step builds) and through <see cref="Node.WithResilience{TContext}"/> (which adds them inside the
/// pipeline it is given); then the first two with a step that completes asynchronously, where the signals await it (with
/// a pooled async builder, which does not spare the box when the step resumes on another thread). Run with <c>dotnet run -c Release --project Floxide.Benchmarks -- --filter *StepSignalsBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class StepSignalsBenchmarks
{
    private static readonly object Context = new();
    private readonly INode<object> _step = Node.Create<object>("step", _ => { });
    private readonly INode<object> _awaitingStep = Node.CreateAsync<object>("awaiting", static async (_, _) => await Task.Yield());
    private ResiliencePipeline _bare = null!;
    private ResiliencePipeline _signalled = null!;
    private INode<object> _wrapped = null!;

    /// <summary>Builds the pipelines once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var retry = new RetryStrategyOptions { MaxRetryAttempts = 3, Delay = TimeSpan.Zero };
        _bare = new ResiliencePipelineBuilder().AddRetry(retry).Build();
        _signalled = new ResiliencePipelineBuilder().AddRetry(retry).AddThrottlingSignals().Build();
        _wrapped = _step.WithResilience(_bare);
    }

    /// <summary>The step through the bare retry pipeline.</summary>
    /// <returns>The step's action.</returns>
    [Benchmark(Baseline = true)]
    public ValueTask<NodeAction> BareRetry() =>
        _bare.ExecuteAsync(static (step, token) => step.RunAsync(Context, token), _step, CancellationToken.None);

    /// <summary>The step through the retry with the signals right inside it, as a generated [Retry] step runs.</summary>
    /// <returns>The step's action.</returns>
    [Benchmark]
    public ValueTask<NodeAction> RetryWithSignals() =>
        _signalled.ExecuteAsync(static (step, token) => step.RunAsync(Context, token), _step, CancellationToken.None);

    /// <summary>The step wrapped by <see cref="Node.WithResilience{TContext}"/> in the bare retry pipeline.</summary>
    /// <returns>The step's action.</returns>
    [Benchmark]
    public ValueTask<NodeAction> WithResilience() => _wrapped.RunAsync(Context, CancellationToken.None);

    /// <summary>A step that completes asynchronously, through the bare retry pipeline.</summary>
    /// <returns>The step's action.</returns>
    [Benchmark]
    public ValueTask<NodeAction> BareRetryAwaiting() =>
        _bare.ExecuteAsync(static (step, token) => step.RunAsync(Context, token), _awaitingStep, CancellationToken.None);

    /// <summary>A step that completes asynchronously, through the retry with the signals right inside it.</summary>
    /// <returns>The step's action.</returns>
    [Benchmark]
    public ValueTask<NodeAction> RetryWithSignalsAwaiting() =>
        _signalled.ExecuteAsync(static (step, token) => step.RunAsync(Context, token), _awaitingStep, CancellationToken.None);
}
