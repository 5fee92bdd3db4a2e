namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// Runs batches wired by code the generator produced during this project's own build: the
/// factories, the item-context factory and the merge, end to end through the runtime.
/// </summary>
public sealed class GeneratedBatchTests
{
    [Fact]
    public async Task BatchFlowCollectsOutputsInInputOrderAndKeepsFailures()
    {
        var words = Enumerable.Range(0, 200).Select(i => i == 7 ? "boom" : "w" + i).ToArray();
        var batch = new WordBatch(salt: 5) { Words = words, Suffix = "!" };

        var report = await WordBatch.CreateBatchFlow(new UpperCaseNode()).RunAsync(batch);

        Assert.Equal(199, report.Succeeded);
        Assert.Equal(1, report.Failed);
        Assert.Equal(words.Where(w => w != "boom").Select(w => w.ToUpperInvariant() + "!5"), batch.Results);
        Assert.Same(report.Results, batch.LastBatch);
        Assert.Equal(7, batch.LastBatch!.Failures.Single().Index);
        Assert.Equal(["199 succeeded, 1 failed"], batch.MergeLog);
        Assert.Equal(200, batch.Counter.Count);
        Assert.Equal(200, batch.ItemContextsCreated);
    }

    [Fact]
    public async Task ASharedValueIsCopiedIntoEachItemContextSoItsWritesAreLost()
    {
        // FLX0034's case: [Shared] cannot make a value one instance; a thread-safe object holding it is shared.
        var batch = new SharedCounterBatch { Items = [.. Enumerable.Range(0, 1_000)] };

        var report = await SharedCounterBatch.CreateBatchFlow(Node.Create<SharedCounterBatch>("count", c =>
        {
            c.Counter++;
            c.Tally.Increment();
        })).RunAsync(batch);

        Assert.Equal(1_000, report.Succeeded);
        Assert.Equal(0, batch.Counter);
        Assert.Equal(1_000, batch.Tally.Count);
    }

    [Fact]
    public async Task ItemContextsCopyAnExplicitlyImplementedAutoProperty()
    {
        var batch = new CaptionBatch { Items = [1, 2] };
        ((ICaptioned)batch).Caption = "parent";

        await CaptionBatch.CreateBatchFlow(Node.Create<CaptionBatch>("read", c => c.Seen = ((ICaptioned)c).Caption + c.Item)).RunAsync(batch);

        Assert.Equal(["parent1", "parent2"], batch.Seens);
    }

    [Fact]
    public async Task ItemContextsCopyInheritedStateBehindAnOverrideWithBodiesAndMembersHiddenWithNew()
    {
        // The base's Region is init-only: the item contexts' copy goes through `base`, which a cast cannot (CS8852).
        var batch = new RenamedBatch(region: "north") { Items = [1, 2], Name = " parent ", Limit = "own", Caption = 7, Region = 3 };
        ((NamedBase)batch).Limit = 99;
        ((NamedBase)batch).Caption = "mine";

        await RenamedBatch.CreateBatchFlow(Node.Create<RenamedBatch>(
            "read", c => c.Seen = $"{c.Name}|{((NamedBase)c).Limit}|{((NamedBase)c).Caption}|{c.Limit}|{c.Caption}|{((NamedBase)c).Region}|{c.Region}|{c.Item}")).RunAsync(batch);

        Assert.Equal(["parent|99|mine|own|7|north|3|1", "parent|99|mine|own|7|north|3|2"], batch.Seens);
    }

    [Fact]
    public async Task TupleItemsAndOutputsFlowIntoSlotsAndCollectionsThatNameTheirElementsDifferently()
    {
        var batch = new PairBatch { Pairs = [(1, "a"), (2, "b")] };

        await PairBatch.CreateBatchFlow(Node.Create<PairBatch>("join", c => c.Joined = (c.Pair.X * 10, c.Pair.Y + c.Pair.X))).RunAsync(batch);

        Assert.Equal([(10, "a1"), (20, "b2")], batch.Joins);
    }

    [Fact]
    public async Task AGenericContextRunsItemsOfATypeParameterConstrainedToASequence()
    {
        var batch = new SequenceBatch<HashSet<int>> { Items = [3, 4] };

        await SequenceBatch<HashSet<int>>.CreateBatchFlow(Node.Create<SequenceBatch<HashSet<int>>>("double", c => c.Doubled = c.Item * 2)).RunAsync(batch);

        Assert.Equal([6, 8], batch.Outputs);
    }

    [Fact]
    public async Task ItemContextsCopySharePerItemAndLeaveOutputsEmpty()
    {
        var batch = new WordBatch(salt: 3) { Words = ["a", "b"], Suffix = "?" };
        batch.Trace.Add("parent");

        await WordBatch.CreateBatchFlow(new UpperCaseNode()).RunAsync(batch);

        var contexts = batch.LastBatch!.Select(r => r.Context!).ToList();
        Assert.All(contexts, c => Assert.Same(batch.Counter, c.Counter));
        Assert.All(contexts, c => Assert.NotSame(batch.Trace, c.Trace));
        Assert.Equal(["a"], contexts[0].Trace);
        Assert.Equal(["b"], contexts[1].Trace);
        Assert.All(contexts, c => Assert.Equal("?", c.Suffix));
        Assert.All(contexts, c => Assert.Equal(3, c.Salt));
        Assert.All(contexts, c => Assert.Empty(c.Results));
        Assert.All(contexts, c => Assert.Null(c.LastBatch));
        Assert.Equal(["parent"], batch.Trace);
        Assert.Null(batch.Result);
    }

    [Fact]
    public void FactoriesUseTheAttributeLimitUnlessOptionsAreGiven()
    {
        Assert.Equal(3, WordBatch.DefaultBatchOptions.MaxDegreeOfParallelism);
        Assert.Equal(3, WordBatch.CreateBatchNode(new UpperCaseNode()).Options.MaxDegreeOfParallelism);
        Assert.Equal("WordBatch", WordBatch.CreateBatchNode(new UpperCaseNode()).Id);

        var options = new BatchOptions { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast };
        var node = WordBatch.CreateBatchNode(new UpperCaseNode(), options, id: "words");
        Assert.Same(options, node.Options);
        Assert.Equal("words", node.Id);
    }

    [Fact]
    public async Task BatchNodeRunsItemsThroughTheGivenExecutor()
    {
        var executor = new CountingExecutor();
        var batch = new WordBatch(salt: 0) { Words = ["a", "b", "c"] };

        var report = await WordBatch.CreateBatchNode(new UpperCaseNode(), executor: executor).RunBatchAsync(batch);

        Assert.Equal(3, report.Succeeded);
        Assert.Equal(3, executor.Calls);
        Assert.Equal(["A0", "B0", "C0"], batch.Results);
    }

    [Fact]
    public async Task GeneratedNodesRouteAWorkflowPerItem()
    {
        var classify = new ClassifyNode { Yield = true };
        var itemWorkflow = new WorkflowBuilder<WordBatch>("classify")
            .StartWith(classify)
            .On(classify, WordKind.Long, new MarkLongNode())
            .On(classify, WordKind.Short, new MarkShortNode())
            .Build();
        var batch = new WordBatch(salt: 0) { Words = ["tiny", "enormous", "ok"] };

        var report = await WordBatch.CreateBatchNode(itemWorkflow).RunBatchAsync(batch);

        Assert.Equal(3, report.Succeeded);
        Assert.Equal(["short:tiny", "long:enormous", "short:ok"], batch.Results);
    }

    [Fact]
    public async Task NodeAdaptersMapResults()
    {
        var context = new WordBatch(salt: 1) { Word = "" };
        Assert.Equal("upper", new UpperCaseNode().Id);
        Assert.Equal("ClassifyNode", new ClassifyNode().Id);

        // Synchronous process methods complete synchronously: no state machine, no allocation.
        var stopped = new UpperCaseNode().RunAsync(context, CancellationToken.None);
        Assert.True(stopped.IsCompletedSuccessfully);
        Assert.Equal(NodeAction.Stop, await stopped);

        context.Word = "word";
        Assert.Equal(NodeAction.Default, await new UpperCaseNode().RunAsync(context, CancellationToken.None));

        var synchronous = new ClassifyNode().RunAsync(context, CancellationToken.None);
        Assert.True(synchronous.IsCompletedSuccessfully);
        Assert.Equal(new NodeAction("Short"), await synchronous);

        context.Word = "longer";
        Assert.Equal(new NodeAction("Long"), await new ClassifyNode { Yield = true }.RunAsync(context, CancellationToken.None));

        var marked = new MarkShortNode().RunAsync(context, CancellationToken.None);
        Assert.True(marked.IsCompletedSuccessfully);
        Assert.Equal(NodeAction.Default, await marked);
        Assert.Equal("short:longer", context.Result);

        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await new ClassifyNode { Yield = true }.RunAsync(context, canceled.Token));
    }

    private sealed class CountingExecutor : IItemExecutor<WordBatch>
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask<NodeAction> ExecuteAsync(INode<WordBatch> itemWorkflow, WordBatch itemContext, long itemIndex, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return itemWorkflow.RunAsync(itemContext, cancellationToken);
        }
    }
}
