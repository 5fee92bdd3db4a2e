namespace Floxide.Generators.Tests.Integration;

/// <summary>
/// What a generated durable codec records is the [ItemOutput]: a context with no [BatchOutputs], streamed durably, gets
/// its outputs back on a rerun, in the restored results; without the [ItemOutput] they come back empty. This is why
/// FLX0026 is not reported on a <c>DurableJson</c> context, and why its page warns against removing [ItemOutput] (the
/// README's "Streamed." paragraph of Durable batches says so too).
/// </summary>
public sealed class GeneratedDurableOutputTests
{
    private static readonly string[] Lines = ["a", "bb", "ccc"];

    [Fact]
    public async Task A_durable_context_without_BatchOutputs_yields_its_restored_results_with_the_ItemOutput_the_first_run_recorded()
    {
        var store = new InMemoryBatchStore();
        var runs = 0;
        var flow = StreamedRowBatch.CreateBatchFlow(Node.Create<StreamedRowBatch>("measure", c =>
        {
            Interlocked.Increment(ref runs);
            c.Length = c.Line.Length;
        }));

        var first = await RowsAsync(flow.StreamDurableAsync(new StreamedRowBatch { Lines = Lines }, StreamedRowBatch.CreateDurableRun(store, "rows")), c => c.Length);
        var resumed = await RowsAsync(flow.StreamDurableAsync(new StreamedRowBatch { Lines = Lines }, StreamedRowBatch.CreateDurableRun(store, "rows")), c => c.Length);

        Assert.Equal([(0L, 1, false), (1L, 2, false), (2L, 3, false)], first);
        Assert.Equal([(0L, 1, true), (1L, 2, true), (2L, 3, true)], resumed);
        Assert.Equal(3, runs); // each row ran once, in the first run
    }

    [Fact]
    public async Task Without_the_ItemOutput_the_codec_records_no_output_and_the_restored_results_come_back_empty()
    {
        var store = new InMemoryBatchStore();
        var flow = UnmarkedRowBatch.CreateBatchFlow(Node.Create<UnmarkedRowBatch>("measure", c => c.Length = c.Line.Length));

        var first = await RowsAsync(flow.StreamDurableAsync(new UnmarkedRowBatch { Lines = Lines }, UnmarkedRowBatch.CreateDurableRun(store, "rows")), c => c.Length);
        var resumed = await RowsAsync(flow.StreamDurableAsync(new UnmarkedRowBatch { Lines = Lines }, UnmarkedRowBatch.CreateDurableRun(store, "rows")), c => c.Length);

        Assert.Equal([(0L, 1, false), (1L, 2, false), (2L, 3, false)], first);
        Assert.Equal([(0L, 0, true), (1L, 0, true), (2L, 0, true)], resumed); // the audit's len=1/2/3, then len=0
    }

    /// <summary>
    /// docs/durability.md's warning: JSON text holds whole characters only, so a string output cut inside a surrogate pair
    /// (a reply truncated mid-emoji) is recorded with U+FFFD in place of the lone half, and a resumed run restores that.
    /// </summary>
    [Fact]
    public async Task A_text_output_cut_inside_a_surrogate_pair_comes_back_from_its_record_with_U_FFFD_in_place_of_the_half()
    {
        var store = new InMemoryBatchStore();
        var flow = ReplyBatch.CreateBatchFlow(Node.Create<ReplyBatch>("reply", c => c.Reply = c.Prompt == "cut" ? "ok \uD83D" : "ok \uD83D\uDE00"));

        var first = new ReplyBatch { Prompts = ["cut", "whole"] };
        await flow.RunDurableAsync(first, ReplyBatch.CreateDurableRun(store, "replies"));
        var resumed = new ReplyBatch { Prompts = ["cut", "whole"] };
        var report = await flow.RunDurableAsync(resumed, ReplyBatch.CreateDurableRun(store, "replies"));

        Assert.Equal(["ok \uD83D", "ok \uD83D\uDE00"], first.Replies);
        Assert.Equal(2, report.Resumed);
        Assert.Equal(["ok \uFFFD", "ok \uD83D\uDE00"], resumed.Replies);
    }

    /// <summary>Each succeeded result's position, output (read from its item context) and whether it was restored.</summary>
    private static async Task<List<(long Index, int Output, bool Resumed)>> RowsAsync<TContext>(
        IAsyncEnumerable<BatchItemResult<TContext, string>> results, Func<TContext, int> output)
    {
        var rows = new List<(long, int, bool)>();
        await foreach (var result in results)
        {
            Assert.Equal(BatchItemStatus.Succeeded, result.Status);
            rows.Add((result.Index, output(result.Context!), result.Resumed));
        }

        return rows;
    }
}
