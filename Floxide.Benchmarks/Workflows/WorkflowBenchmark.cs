using BenchmarkDotNet.Attributes;

namespace Floxide.Benchmarks.Workflows;

/// <summary>
/// One run of a five-step linear workflow of synchronous nodes: the executor generated from
/// <see cref="TallyWorkflow"/> against the same graph of the same nodes built at run time with
/// <see cref="WorkflowBuilder{TContext}"/>. Both complete synchronously; the context is reused, so
/// any allocation reported is the engine's own.
/// </summary>
[MemoryDiagnoser]
public class WorkflowBenchmark
{
    private readonly Tally _tally = new();
    private readonly TallyWorkflow _generated = new();
    private readonly Workflow<Tally> _built = Build();

    /// <summary>The run-time workflow: a node table, a route table, and awaits through <see cref="INode{TContext}"/>.</summary>
    /// <returns>The ending action.</returns>
    [Benchmark(Baseline = true)]
    public NodeAction RunTimeBuilder() => Complete(_built.RunAsync(_tally, CancellationToken.None));

    /// <summary>The generated executor: a switch over states calling each process method directly.</summary>
    /// <returns>The ending action.</returns>
    [Benchmark]
    public NodeAction Generated() => Complete(_generated.RunAsync(_tally, CancellationToken.None));

    private static NodeAction Complete(ValueTask<NodeAction> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static Workflow<Tally> Build()
    {
        var one = new TallySteps.One();
        var two = new TallySteps.Two();
        var three = new TallySteps.Three();
        var four = new TallySteps.Four();
        var five = new TallySteps.Five();
        return new WorkflowBuilder<Tally>("tally")
            .StartWith(one)
            .Then(one, two)
            .Then(two, three)
            .Then(three, four)
            .Then(four, five)
            .Build();
    }
}
