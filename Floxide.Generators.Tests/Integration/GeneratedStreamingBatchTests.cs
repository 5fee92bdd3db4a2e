namespace Floxide.Generators.Tests.Integration;

/// <summary>A generated context with the default merge (results merged as they arrive): outputs collected as results arrive, in input order.</summary>
public sealed class GeneratedStreamingBatchTests
{
    [Fact]
    public async Task OutputsAreCollectedInInputOrderWhileResultsAreNotRetained()
    {
        const int Count = 5000;
        var batch = new LogLineBatch { LineNumbers = Numbers(Count) };

        var report = await LogLineBatch.CreateBatchFlow(new ParseLineNode()).RunAsync(batch);

        Assert.Equal(Count, report.Succeeded);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => "line " + i), batch.ParsedLines);
        Assert.Equal(Count, batch.MergedResults);
        Assert.True(batch.MergeCalls >= 1);
        Assert.Empty(batch.LastBatch!);
        Assert.Equal(Count, batch.LastBatch!.Total);
        Assert.IsAssignableFrom<IStreamingBatchContext<LogLineBatch, int>>(batch);
    }

    [Fact]
    public async Task OnResultsMergedSeesEachRunInInputOrderAndItsCallsNeverOverlapWhileItemsAwait()
    {
        const int Count = 5000;
        var batch = new LogLineBatch { LineNumbers = Numbers(Count) };
        var parse = Node.CreateAsync<LogLineBatch>("parse", async (context, _) =>
        {
            // Every item finishes on the thread pool, and items yield a different number of times, so they finish out of
            // input order.
            for (var yields = 0; yields <= context.LineNumber % 7; yields++)
            {
                await Task.Yield();
            }

            context.Parsed = "line " + context.LineNumber;
        });

        var report = await LogLineBatch.CreateBatchFlow(parse).RunAsync(batch);

        Assert.Equal(Count, report.Succeeded);
        Assert.Empty(batch.MergeViolations);
        Assert.Equal(Count, batch.MergedResults);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => "line " + i), batch.ParsedLines);
    }

    [Fact]
    public async Task WhileTheBatchRunsASucceededItemsOutputIsCollectedAndItsContextIsThenGarbage()
    {
        // The README: with the default merge [BatchOutputs] is filled during the run, and a succeeded item's context becomes
        // garbage as soon as its output is collected, not at the end of the batch. The last item holds the batch open.
        const int Count = 64;
        var contexts = new WeakReference[Count - 1];
        var releaseLast = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batch = new TailHeldBatch { Numbers = [.. Enumerable.Range(0, Count)] };
        var run = TailHeldBatch.CreateBatchFlow(Node.CreateAsync<TailHeldBatch>("double", async (context, _) =>
        {
            if (context.Number == Count - 1)
            {
                await releaseLast.Task;
            }
            else
            {
                contexts[context.Number] = new WeakReference(context);
            }

            context.Doubled = context.Number * 2;
        })).RunAsync(batch);

        await batch.AllButLastMerged.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a guard against a hang only
        for (var round = 0; round < 100 && contexts.Any(c => c.IsAlive); round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Yield();
        }

        var alive = contexts.Count(c => c.IsAlive);
        var collectedWhileRunning = batch.Doubles.ToList();
        releaseLast.SetResult();
        var report = await run;

        Assert.Equal(Enumerable.Range(0, Count - 1).Select(n => n * 2), collectedWhileRunning);
        Assert.Equal(0, alive);
        Assert.Equal(Count, report.Succeeded);
        Assert.Equal(Enumerable.Range(0, Count).Select(n => n * 2), batch.Doubles);
    }

    private static async IAsyncEnumerable<int> Numbers(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i % 100 == 0)
            {
                await Task.Yield();
            }

            yield return i;
        }
    }
}
