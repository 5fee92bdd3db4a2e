using Floxide;

namespace DurableBatch;

/// <summary>One progress line, rewritten in place on a terminal, printed at most every second otherwise.</summary>
internal sealed class ConsoleProgress : IProgress<BatchProgress>
{
    private readonly Lock _lock = new();
    private DateTime _lastLine;
    private string? _unprinted;

    public void Report(BatchProgress value)
    {
        lock (_lock)
        {
            var line = $"  {value.Completed,5}/{value.Total} done, {value.Failed} failed";
            if (!Console.IsOutputRedirected)
            {
                Console.Write($"\r{line}");
            }
            else if (DateTime.UtcNow - _lastLine >= TimeSpan.FromSeconds(1))
            {
                Console.WriteLine(line);
                _lastLine = DateTime.UtcNow;
                _unprinted = null;
            }
            else
            {
                _unprinted = line; // the run's last report may come within the second: Done prints it
            }
        }
    }

    public void Done()
    {
        lock (_lock)
        {
            if (!Console.IsOutputRedirected)
            {
                Console.WriteLine();
            }
            else if (_unprinted is not null)
            {
                Console.WriteLine(_unprinted);
                _unprinted = null;
            }
        }
    }
}
