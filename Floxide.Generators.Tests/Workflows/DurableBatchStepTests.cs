using Floxide.Generators.Tests.Workflows.Integration;

namespace Floxide.Generators.Tests.Workflows;

/// <summary>
/// A generated workflow's batch step over a context that is an <see cref="IDurableBatchContext{TContext, TItem}"/>: it runs
/// durably under the batch id the context gives it, so a rerun of the workflow restores what the step finished.
/// </summary>
public sealed class DurableBatchStepTests
{
    [Fact]
    public async Task ARerunOfTheWorkflowRestoresWhatTheBatchStepFinishedAndRunsOnlyItsFailure()
    {
        var store = new InMemoryBatchStore();
        var first = new Invoice { Amounts = [1, 2, -3, 4], Store = store, RunId = "2026-11-30", RefuseNegative = true };

        await new InvoiceFlow().RunAsync(first, CancellationToken.None);

        Assert.Equal(["charge-all"], first.StepsAsked);
        Assert.Equal([100, 200, 400], first.Charges);
        var records = await store.ReadItemsAsync("2026-11-30/charge-all", CancellationToken.None);
        Assert.Equal([0L, 1L, 2L, 3L], records.Select(r => r.Index).Order());
        Assert.Equal(typeof(InvalidOperationException).FullName, Assert.Single(records, r => r.Index == 2).ErrorType);

        // The rerun, with the fault gone: the three charged amounts are restored, not charged again; the failed one runs.
        var rerun = new Invoice { Amounts = [1, 2, -3, 4], Store = store, RunId = "2026-11-30" };
        await new InvoiceFlow().RunAsync(rerun, CancellationToken.None);

        Assert.Equal([100, 200, 300, 400], rerun.Charges);
        Assert.Equal([-3], rerun.Calls);
        Assert.Equal(4, first.Calls.Count); // each amount charged once in the first run
    }

    [Fact]
    public async Task ARunOfAnotherIdStartsAfresh()
    {
        var store = new InMemoryBatchStore();
        await new InvoiceFlow().RunAsync(new Invoice { Amounts = [1, 2], Store = store, RunId = "monday" }, CancellationToken.None);

        var tuesday = new Invoice { Amounts = [1, 2], Store = store, RunId = "tuesday" };
        await new InvoiceFlow().RunAsync(tuesday, CancellationToken.None);

        Assert.Equal([1, 2], tuesday.Calls.Order());
        Assert.Equal(2, (await store.ReadItemsAsync("tuesday/charge-all", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task AContextWithoutARunForTheStepRunsItAsAPlainBatch()
    {
        var invoice = new Invoice { Amounts = [1, 2, 3] };

        await new InvoiceFlow().RunAsync(invoice, CancellationToken.None);
        await new InvoiceFlow().RunAsync(invoice, CancellationToken.None);

        Assert.Equal(["charge-all", "charge-all"], invoice.StepsAsked); // asked each time the step runs
        Assert.Equal(6, invoice.Calls.Count); // nothing recorded, so nothing restored
    }
}
