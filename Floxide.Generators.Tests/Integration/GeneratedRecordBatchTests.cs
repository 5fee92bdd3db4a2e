namespace Floxide.Generators.Tests.Integration;

/// <summary>A generated record context over an asynchronous stream, run end to end.</summary>
public sealed class GeneratedRecordBatchTests
{
    [Fact]
    public async Task RecordItemContextsAreClonesWithTheItemAndFreshPerItemMembers()
    {
        var batch = new PriceBatch("EUR") { Cents = Stream([150, -1, 20, 999]) };
        batch.Notes.Add("parent");

        var report = await PriceBatch.CreateBatchFlow(new PriceNode()).RunAsync(batch);

        Assert.Equal(4, report.Succeeded);
        // The succeeded item with a null output is skipped: the collection holds non-null decimals.
        Assert.Equal([1.50m, 0.20m, 9.99m], batch.Prices);
        var contexts = batch.LastBatch!.Select(r => r.Context!).ToList();
        Assert.Equal([150, -1, 20, 999], contexts.Select(c => c.Cent));
        Assert.All(contexts, c => Assert.Equal("EUR", c.Currency));
        Assert.All(contexts, c => Assert.Equal(["EUR"], c.Notes));
        Assert.Equal(["parent"], batch.Notes);
        Assert.Equal(2, PriceBatch.DefaultBatchOptions.MaxDegreeOfParallelism);
    }

    [Fact]
    public async Task ARecordsItemContextsCopyTheParentsItemOutputWithTheRest()
    {
        // The README: a record's `with` copies [ItemOutput] from the parent (a class's item contexts start it afresh).
        var batch = new PriceBatch("EUR") { Cents = Stream([150, -1]), Price = 7m };

        var report = await PriceBatch.CreateBatchFlow(new PriceNode()).RunAsync(batch);

        Assert.Equal(2, report.Succeeded);
        Assert.Equal([1.50m, 7m], batch.LastBatch!.Select(r => r.Context!.Price));
        Assert.Equal([1.50m, 7m], batch.Prices);
    }

    [Fact]
    public async Task ANullItemsMemberFailsWithAClearMessage()
    {
        var batch = new PriceBatch("EUR");

        var error = await Assert.ThrowsAsync<BatchSourceException>(() => PriceBatch.CreateBatchFlow(new PriceNode()).RunAsync(batch));

        Assert.Contains("PriceBatch.Cents is null", error.ToString());
    }

    [Fact]
    public async Task PropertyTargetedRolesOnPositionalParametersWork()
    {
        var batch = new TagBatch(["a", "bbb", "cc"], ["parent"]);

        var report = await TagBatch.CreateBatchFlow(new TagLengthNode()).RunAsync(batch);

        Assert.Equal(3, report.Succeeded);
        Assert.Equal([1, 3, 2], batch.Lengths);
        var contexts = batch.LastBatch!.Select(r => r.Context!).ToList();
        Assert.Equal(["a", "bbb", "cc"], contexts.Select(c => c.Tag));
        Assert.Equal([["a"], ["bbb"], ["cc"]], contexts.Select(c => c.Seen));
        Assert.Equal(["parent"], batch.Seen);
    }

    private static async IAsyncEnumerable<int> Stream(int[] values)
    {
        foreach (var value in values)
        {
            await Task.Yield();
            yield return value;
        }
    }
}
