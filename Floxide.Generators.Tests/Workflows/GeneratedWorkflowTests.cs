using Floxide.Generators.Tests.Workflows.Integration;

namespace Floxide.Generators.Tests.Workflows;

/// <summary>
/// Runs workflows generated during this project's own build: the path taken through branches, a
/// cycle under its limit, a nested workflow and a batch step; and, for every case, the same result
/// as the run-time <see cref="WorkflowBuilder{TContext}"/> gives for the same graph.
/// </summary>
public sealed class GeneratedWorkflowTests
{
    public static TheoryData<Verdict, int, string[]> Paths => new()
    {
        { Verdict.Ok, 1, ["inspect", "weigh", "print", "stick", "pack:a", "pack:b"] },
        { Verdict.Ok, 3, ["inspect", "weigh", "weigh", "weigh", "print", "stick", "pack:a", "pack:b"] },
        { Verdict.Damaged, 2, ["inspect", "repair", "weigh", "weigh", "print", "stick", "pack:a", "pack:b"] },
        { Verdict.Lost, 1, ["inspect"] },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task TakesThePathTheActionsChoose(Verdict condition, int weighings, string[] expected)
    {
        var parcel = NewParcel(condition, weighings);

        var action = await new ParcelFlow().RunAsync(parcel, CancellationToken.None);

        Assert.Equal(expected, parcel.Trail);
        Assert.Equal(condition == Verdict.Lost ? NodeAction.From(Verdict.Lost) : NodeAction.Default, action);
        Assert.Equal(condition == Verdict.Lost ? null : 2L, parcel.LastBatch?.Total);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task MatchesTheRunTimeBuilder(Verdict condition, int weighings, string[] expected)
    {
        var generated = NewParcel(condition, weighings);
        var built = NewParcel(condition, weighings);

        var generatedAction = await new ParcelFlow().RunAsync(generated, CancellationToken.None);
        var builtAction = await BuildAtRunTime().RunAsync(built, CancellationToken.None);

        Assert.Equal(expected, generated.Trail);
        Assert.Equal(built.Trail, generated.Trail);
        Assert.Equal(builtAction, generatedAction);
    }

    [Fact]
    public async Task ACycleOverTheLimitFailsLikeTheRunTimeWorkflow()
    {
        var generated = await Assert.ThrowsAsync<StepLimitExceededException>(() => new ParcelFlow().RunAsync(NewParcel(Verdict.Ok, 100), CancellationToken.None).AsTask());
        var built = await Assert.ThrowsAsync<StepLimitExceededException>(() => BuildAtRunTime().RunAsync(NewParcel(Verdict.Ok, 100), CancellationToken.None).AsTask());

        Assert.Equal(built.Message, generated.Message);
        Assert.Equal("Weigh", generated.NodeId);
        Assert.Equal(12, generated.MaxSteps);
    }

    [Fact]
    public async Task AThrowingStepIsReportedByIdWithTheOriginalInside()
    {
        var parcel = NewParcel(Verdict.Ok, 1);
        parcel.Jam = true;

        var failure = await Assert.ThrowsAsync<NodeFailedException>(() => new ParcelFlow().RunAsync(parcel, CancellationToken.None).AsTask());

        Assert.Equal("Weigh", failure.NodeId);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
    }

    // A [Flags] value routes by its Enum.ToString name: the attribute's A | B must be "A, B", as the step's result is.
    [Theory]
    [InlineData(3, 4)]
    [InlineData(1, 1)]
    public async Task AFlagsStepRoutesACombinedValueByItsCombinedName(int value, int after)
    {
        var counter = new Counter { Value = value };

        await new FlagsFlow().RunAsync(counter, CancellationToken.None);

        Assert.Equal(after, counter.Value);
    }

    [Fact]
    public async Task CancellationIsNeverWrapped()
    {
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ParcelFlow().RunAsync(NewParcel(Verdict.Ok, 1), source.Token).AsTask());
    }

    [Fact]
    public async Task AGeneratedWorkflowIsABatchItemWorkflow()
    {
        var parcel = new Parcel { Lines = ["x", "y", "z"] };

        var report = await Parcel.CreateBatchFlow(new PackFlow()).RunAsync(parcel);

        Assert.Equal(3, report.Succeeded);
        Assert.Equal(["pack:x", "pack:y", "pack:z"], parcel.Trail);
    }

    [Fact]
    public void SynchronousStepsCompleteSynchronously()
    {
        var parcel = NewParcel(Verdict.Lost, 1);

        var pending = new ParcelFlow().RunAsync(parcel, CancellationToken.None);

        Assert.True(pending.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ASynchronousRunAllocatesNothing()
    {
        var flow = new CountFlow();
        var counter = new Counter { Limit = 10 };
        var first = flow.RunAsync(counter, CancellationToken.None);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.Equal(NodeAction.Stop, await first);
        Assert.Equal(10, counter.Value);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            counter.Value = 0;
            var pending = flow.RunAsync(counter, CancellationToken.None);
            Assert.True(pending.IsCompletedSuccessfully);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task ASynchronousNodesRunReturnsACompletedValueTaskWithoutAllocating()
    {
        // The README: a [Node]'s synchronous process method (here one returning nothing and one returning bool) runs
        // through a RunAsync that returns a completed ValueTask without allocating.
        INode<Counter> increment = new Increment();
        INode<Counter> belowLimit = new BelowLimit();
        var counter = new Counter { Limit = 1 };
        Assert.Equal(NodeAction.Default, await increment.RunAsync(counter, CancellationToken.None));
        Assert.Equal(NodeAction.Stop, await belowLimit.RunAsync(counter, CancellationToken.None));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            var counted = increment.RunAsync(counter, CancellationToken.None);
            var checkedLimit = belowLimit.RunAsync(counter, CancellationToken.None);
            Assert.True(counted.IsCompletedSuccessfully && checkedLimit.IsCompletedSuccessfully);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(101, counter.Value);
    }

    [Fact]
    public void TheWorkflowDescribesItself()
    {
        IWorkflow<Parcel> workflow = new ParcelFlow();

        Assert.Equal("parcel", workflow.Id);
        Assert.Equal(12, workflow.MaxSteps);
        Assert.Null(new LabelFlow().MaxSteps);
        Assert.Same(ParcelFlow.Mermaid, workflow.Mermaid);
        Assert.Contains("s0 -->|\"Ok\"| s1", ParcelFlow.Mermaid);
        Assert.Contains("s1 -->|\"again\"| s1", ParcelFlow.Mermaid);
        Assert.Contains("s0 -->|\"Lost\"| finish", ParcelFlow.Mermaid);
        Assert.Contains("[[\"pack-lines (per item: PackFlow)\"]]", ParcelFlow.Mermaid);
        Assert.StartsWith("digraph \"parcel\" {", ParcelFlow.Dot);
        Assert.Contains("s1 -> s1 [label=\"again\"];", ParcelFlow.Dot);
    }

    [Fact]
    public void StepsCanBeSuppliedThroughTheConstructor()
    {
        Assert.Throws<ArgumentNullException>(() => new ParcelFlow(new Inspect(), null!, new Repair(), new LabelFlow(), new PackFlow()));
    }

    [Theory]
    [InlineData("left")]
    [InlineData("done")]
    [InlineData("stop")]
    [InlineData("default")]
    [InlineData("other")]
    public async Task RoutesRunTimeActionsExactlyLikeTheRunTimeWorkflow(string choice)
    {
        var pick = new Pick();
        var left = new Left();
        var right = new Right();
        var switchBuilt = new WorkflowBuilder<Parcel>("switch").StartWith(pick).On(pick, "left", left).EndOn("done").Build();
        var fallbackBuilt = new WorkflowBuilder<Parcel>("fallback").StartWith(pick).On(pick, "left", left).Otherwise(pick, right).EndOn("done").Build();

        await AssertSameOutcome(new SwitchFlow(), switchBuilt, choice);
        await AssertSameOutcome(new FallbackFlow(), fallbackBuilt, choice);
    }

    private static async Task AssertSameOutcome(INode<Parcel> generated, INode<Parcel> built, string choice)
    {
        var generatedParcel = new Parcel { Choice = choice };
        var builtParcel = new Parcel { Choice = choice };

        var generatedOutcome = await Outcome(generated, generatedParcel);
        var builtOutcome = await Outcome(built, builtParcel);

        Assert.Equal(builtOutcome, generatedOutcome);
        Assert.Equal(builtParcel.Trail, generatedParcel.Trail);
    }

    private static async Task<string> Outcome(INode<Parcel> workflow, Parcel parcel)
    {
        try
        {
            return "action " + await workflow.RunAsync(parcel, CancellationToken.None);
        }
        catch (FloxideException ex)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private static Parcel NewParcel(Verdict condition, int weighings) =>
        new() { Condition = condition, WeighingsNeeded = weighings, Lines = ["a", "b"] };

    [Fact]
    public async Task ABatchStepRunsWithItsOwnLimitAndErrorMode()
    {
        var crate = new Crate { Items = [0, 1, 2, 3, 4, 5, 6, 7] };

        var failure = await Assert.ThrowsAnyAsync<FloxideException>(() => new SerialCrateFlow().RunAsync(crate, CancellationToken.None).AsTask());

        // One item at a time (the step's limit, not the context's 4), and nothing starts after item 3 fails.
        Assert.Equal(1, crate.InFlight.Max);
        Assert.Equal([0, 1, 2, 3], crate.Started);
        var stopped = failure as BatchFailedException ?? Assert.IsType<BatchFailedException>(failure.InnerException);
        Assert.Equal(3L, stopped.ItemIndex);
        Assert.Equal("load-all", stopped.NodeId);
    }

    [Fact]
    public async Task ABatchStepsFailureActionRoutesPartialFailure()
    {
        var crate = new Crate { Items = [0, 1, 2, 3, 4] };

        var action = await new PartialCrateFlow().RunAsync(crate, CancellationToken.None);

        Assert.Equal(NodeAction.Default, action);
        Assert.Equal(5, crate.Started.Count);
        Assert.Equal(1, crate.FailuresSeen);
    }

    [Fact]
    public async Task ABatchStepWithoutFailuresEndsOnItsDefaultAction()
    {
        var crate = new Crate { Items = [0, 1, 2] };

        var action = await new PartialCrateFlow().RunAsync(crate, CancellationToken.None);

        Assert.Equal(NodeAction.Default, action);
        Assert.Equal(0, crate.FailuresSeen);
        Assert.Equal(3, crate.LastBatch!.Succeeded);
    }

    internal static Workflow<Parcel> BuildAtRunTime()
    {
        var inspect = new Inspect();
        var repair = new Repair();
        var weigh = new Weigh();
        var label = new LabelFlow();
        var pack = Parcel.CreateBatchNode(new PackFlow(), id: "pack-lines");
        return new WorkflowBuilder<Parcel>("parcel")
            .StartWith(inspect)
            .On(inspect, Verdict.Ok, weigh)
            .On(inspect, Verdict.Damaged, repair)
            .EndOn(inspect, NodeAction.From(Verdict.Lost))
            .Then(repair, weigh)
            .On(weigh, "again", weigh)
            .Then(weigh, label)
            .Then(label, pack)
            .WithMaxSteps(12)
            .Build();
    }
}
