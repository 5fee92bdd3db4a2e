using System.Diagnostics;

namespace Floxide.Benchmarks.Compare;

/// <summary>
/// Runs another process, or this program again, and returns what it printed: the measurements that need a fresh
/// process (peak working set, code placement) and the builds `compare unused` makes. The child's standard error is
/// not captured, so its progress lines show as it runs.
/// </summary>
public static class ChildProcess
{
    /// <summary>Runs this program with <paramref name="arguments"/> (through <c>dotnet x.dll</c> when that is how it was started).</summary>
    /// <param name="arguments">The command line after the program.</param>
    /// <returns>What the child wrote to standard output.</returns>
    /// <exception cref="InvalidOperationException">The child could not start or exited with a non-zero code.</exception>
    public static string RunSelf(params string[] arguments)
    {
        var program = Environment.ProcessPath!;
        return Path.GetFileNameWithoutExtension(program) == "dotnet"
            ? Run(null, program, [typeof(ChildProcess).Assembly.Location, .. arguments])
            : Run(null, program, arguments);
    }

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> and waits for it.</summary>
    /// <param name="directory">The working directory; null for the current one.</param>
    /// <param name="program">The program to run.</param>
    /// <param name="arguments">Its arguments, each passed as one argument.</param>
    /// <returns>What it wrote to standard output.</returns>
    /// <exception cref="InvalidOperationException">It could not start or exited with a non-zero code (the message holds its output).</exception>
    public static string Run(string? directory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        if (directory is not null)
        {
            start.WorkingDirectory = directory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:{Environment.NewLine}{output}");
    }
}
