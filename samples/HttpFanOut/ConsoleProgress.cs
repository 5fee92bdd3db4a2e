using Floxide;

namespace HttpFanOut;

/// <summary>
/// Draws the batch's progress as one console line that redraws itself (or, when the output is
/// redirected, as a plain line per report). Implements <see cref="IProgress{T}"/> directly rather
/// than through <see cref="Progress{T}"/>, so reports are drawn in order, on the reporting thread.
/// </summary>
public sealed class ConsoleProgress : IProgress<BatchProgress>
{
    private const int Width = 40;
    private readonly object _gate = new();

    /// <summary>Gets the last report: the batch's final counts once it has ended (the batch reports once at the end).</summary>
    public BatchProgress? Last { get; private set; }

    /// <inheritdoc/>
    public void Report(BatchProgress value)
    {
        Last = value;
        var total = value.Total ?? 0;
        var filled = total == 0 ? 0 : (int)(Width * value.Completed / total);
        var line = $"[{new string('#', filled)}{new string('.', Width - filled)}] {value.Completed,4}/{total} done, {value.Failed} failed, level {value.ConcurrencyLevel,2}";
        if (value.Canceled + value.Skipped > 0)
        {
            line += $", {value.Canceled + value.Skipped} canceled";
        }

        lock (_gate)
        {
            if (Console.IsOutputRedirected)
            {
                Console.WriteLine(line);
            }
            else
            {
                Console.Write('\r' + line);
            }
        }
    }

    /// <summary>Ends the progress line.</summary>
    public void Complete()
    {
        if (!Console.IsOutputRedirected)
        {
            Console.WriteLine();
        }
    }
}
