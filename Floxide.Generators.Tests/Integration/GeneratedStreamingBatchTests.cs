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
