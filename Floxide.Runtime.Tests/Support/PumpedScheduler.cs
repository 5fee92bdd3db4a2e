using System.Collections.Concurrent;

namespace Floxide.Runtime.Tests.Support;

/// <summary>
/// A task scheduler whose tasks run only when a test pumps them, on the pumping thread: work queued to it (a
/// Parallel.ForEachAsync loop given it in its options queues its workers, and their awaits come back) runs one task at a
/// time, in order.
/// </summary>
public sealed class PumpedScheduler : TaskScheduler
{
    private readonly BlockingCollection<Task?> _queue = []; // null: the pumped work ended, look again

    /// <summary>Runs one queued task, if any, on this thread; false when none is queued.</summary>
    public bool RunNext()
    {
        Task? task;
        while (_queue.TryTake(out task) && task is null)
        {
        }

        return task is not null && TryExecuteTask(task);
    }

    /// <summary>
    /// Runs <paramref name="start"/> under this scheduler and pumps on this thread (with no synchronisation context, so
    /// awaits come back here) until the task it returns ends; throws <see cref="TimeoutException"/> after <paramref name="guard"/>
    /// without a task to run.
    /// </summary>
    public Task Run(Func<Task> start, TimeSpan guard)
    {
        var run = Task.Factory.StartNew(start, CancellationToken.None, TaskCreationOptions.None, this).Unwrap();
        run.ContinueWith(_ => _queue.Add(null), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, Default);
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            while (!run.IsCompleted)
            {
                if (!_queue.TryTake(out var task, guard))
                {
                    throw new TimeoutException("nothing left to run, and the work did not end");
                }

                if (task is not null)
                {
                    TryExecuteTask(task);
                }
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }

        return run;
    }

    protected override void QueueTask(Task task) => _queue.Add(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.Where(task => task is not null).ToArray()!;
}
