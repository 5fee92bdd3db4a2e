namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// The generated default: results merge as they arrive, yet no failure is invisible, reruns replace what the
/// last run left, and a missing items member is named.
/// </summary>
public sealed class DefaultMergeTests
{
    [Fact]
    public async Task FailuresAreKeptWithItemExceptionAndContextWhileSucceededResultsAreNot()
    {
        var scores = Enumerable.Range(0, 1000).Select(i => i % 97 == 5 ? -i : i).ToList();
        var batch = new ScoreBatch { Scores = scores };

        var report = await ScoreBatch.CreateBatchFlow(new DoubleScoreNode()).RunAsync(batch);

        var failedIndexes = scores.Select((s, i) => (s, i)).Where(p => p.s < 0).Select(p => (long)p.i).ToList();
        Assert.IsAssignableFrom<IStreamingBatchContext<ScoreBatch, int>>(batch);
        Assert.Equal(failedIndexes, report.Failures.Select(f => f.Index));
        Assert.Equal(failedIndexes, batch.LastBatch!.Failures.Select(f => f.Index));
        Assert.All(report.Failures, f =>
        {
            Assert.Equal(BatchItemStatus.Failed, f.Status);
            Assert.Equal(scores[(int)f.Index], f.Item);
            Assert.Equal(f.Item, f.Context!.Score);
            Assert.Equal($"score {f.Item} (Parameter 'context')", Assert.IsType<ArgumentOutOfRangeException>(f.Exception).Message);
        });
        Assert.Empty(report.Results);
        Assert.Equal(1000, batch.LastBatch.Total);
        Assert.Equal(1000 - failedIndexes.Count, batch.LastBatch.Succeeded);
        Assert.Equal(scores.Where(s => s >= 0).Select(s => s * 2), batch.DoubledScores);
    }

    [Fact]
    public async Task ARerunReplacesTheOutputsAsItReplacesLastBatch()
    {
        var batch = new ScoreBatch { Scores = [1, 2, 3] };
        var flow = ScoreBatch.CreateBatchFlow(new DoubleScoreNode());
        await flow.RunAsync(batch);

        batch.Scores = [10, -1, 30];
        await flow.RunAsync(batch);

        Assert.Equal([20, 60], batch.DoubledScores);
        Assert.Equal(3, batch.LastBatch!.Total);
        Assert.Equal(1, batch.LastBatch.Failures.Single().Index);
    }

    [Fact]
    public async Task ARerunOfAContextThatKeepsResultsAlsoReplacesItsOutputs()
    {
        var batch = new TagBatch(["a", "bb"], []);
        var flow = TagBatch.CreateBatchFlow(new TagLengthNode());
        await flow.RunAsync(batch);

        await flow.RunAsync(batch);

        Assert.Equal([1, 2], batch.Lengths);
        Assert.Equal(2, batch.LastBatch!.Count);
    }

    [Fact]
    public async Task ANullItemsMemberIsNamedInTheSourceError()
    {
        var batch = new ScoreBatch { Scores = null! };

        var error = await Assert.ThrowsAsync<BatchSourceException>(() => ScoreBatch.CreateBatchFlow(new DoubleScoreNode()).RunAsync(batch));

        Assert.Contains("ScoreBatch.Scores is null", error.Message);
        Assert.Equal("ScoreBatch.Scores", Assert.IsType<ArgumentNullException>(error.InnerException).ParamName);
        Assert.Empty(batch.DoubledScores);
    }
}
