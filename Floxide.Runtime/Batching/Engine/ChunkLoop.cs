namespace Floxide;

/// <summary>
/// Runs every chunk a chunker reads: through Parallel.ForEachAsync, or, at a limit of one, in a plain
/// loop that reads and runs the same chunks in the same order without the parallel loop's per-chunk
/// synchronisation. Both run on the thread pool, never on the caller's thread (which may be a UI
/// thread), and throw <see cref="OperationCanceledException"/> once the batch stops. With an item limiter
/// (<see cref="ChunkFeed{TContext, TItem}.Waits"/>) the loop is wider than the limit, for items waiting for a permit; the
/// chunker keeps the other workers within the limit and the attempt gate keeps the attempts within it.
/// </summary>
internal static class ChunkLoop
{
    public static Task RunAsync<TContext, TItem>(
        SequenceChunker<TContext, TItem> chunks, ChunkWorker<TContext, TItem> worker, int maxDegreeOfParallelism, CancellationToken stop)
        where TContext : IBatchContext<TContext, TItem> =>
        maxDegreeOfParallelism > 1
            ? Parallel.ForEachAsync(chunks, Options(maxDegreeOfParallelism, stop), worker.ProcessChunkAsync)
            : Task.Run(() => RunInOrderAsync(chunks, worker, stop), CancellationToken.None);

    public static Task RunAsync<TContext, TItem>(
        StreamChunker<TContext, TItem> chunks, ChunkWorker<TContext, TItem> worker, int maxDegreeOfParallelism, CancellationToken stop)
        where TContext : IBatchContext<TContext, TItem>
    {
        if (worker.Waits is { } waits)
        {
            return Parallel.ForEachAsync(chunks, Options(waits.LoopWidth, stop), (chunk, token) => RunCountedAsync(worker, waits, chunk, token));
        }

        return maxDegreeOfParallelism > 1
            ? Parallel.ForEachAsync(chunks, Options(maxDegreeOfParallelism, stop), worker.ProcessChunkAsync)
            : Task.Run(() => RunInOrderAsync(chunks, worker, stop), CancellationToken.None);
    }

    /// <summary>Runs a chunk the chunker counted against the limit's workers, and tells <paramref name="waits"/> when it is done.</summary>
    private static ValueTask RunCountedAsync<TContext, TItem>(
        ChunkWorker<TContext, TItem> worker, PermitWaits waits, ItemChunk<TContext, TItem> chunk, CancellationToken token)
        where TContext : IBatchContext<TContext, TItem>
    {
        ValueTask run;
        try
        {
            run = worker.ProcessChunkAsync(chunk, token);
        }
        catch
        {
            waits.Done();
            throw;
        }

        if (run.IsCompleted)
        {
            waits.Done();
            return run;
        }

        return AwaitCountedAsync(run, waits);

        static async ValueTask AwaitCountedAsync(ValueTask run, PermitWaits waits)
        {
            try
            {
                await run.ConfigureAwait(false);
            }
            finally
            {
                waits.Done();
            }
        }
    }

    private static async Task RunInOrderAsync<TContext, TItem>(
        SequenceChunker<TContext, TItem> chunks, ChunkWorker<TContext, TItem> worker, CancellationToken stop)
        where TContext : IBatchContext<TContext, TItem>
    {
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            if (!chunks.MoveNext())
            {
                stop.ThrowIfCancellationRequested(); // as Parallel.ForEachAsync ends a loop its token canceled
                return;
            }

            var run = worker.ProcessChunkAsync(chunks.Current, stop);
            if (!run.IsCompletedSuccessfully)
            {
                await run.ConfigureAwait(false);
            }
        }
    }

    private static async Task RunInOrderAsync<TContext, TItem>(
        StreamChunker<TContext, TItem> chunks, ChunkWorker<TContext, TItem> worker, CancellationToken stop)
        where TContext : IBatchContext<TContext, TItem>
    {
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            var next = chunks.MoveNextAsync();
            if (!(next.IsCompletedSuccessfully ? next.Result : await next.ConfigureAwait(false)))
            {
                // A source that ended because the stop canceled its wait ended nothing: the batch was canceled or stopped,
                // as Parallel.ForEachAsync reports for p > 1.
                stop.ThrowIfCancellationRequested();
                return;
            }

            var run = worker.ProcessChunkAsync(chunks.Current, stop);
            if (!run.IsCompletedSuccessfully)
            {
                await run.ConfigureAwait(false);
            }
        }
    }

    private static ParallelOptions Options(int maxDegreeOfParallelism, CancellationToken stop) => new()
    {
        MaxDegreeOfParallelism = maxDegreeOfParallelism,
        CancellationToken = stop,
    };
}
