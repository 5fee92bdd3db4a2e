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
