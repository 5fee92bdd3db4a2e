using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Floxide.Sqlite.Tests;

/// <summary>
/// A durable batch over SQLite really killed: a child process runs 5,000 items with random short delays,
/// the test SIGKILLs it at seeded random moments (after a random number of the attempt's item starts, drawn
/// from the first half of what is left for each kill still to come, so every kill lands mid-run however
/// fast the machine and however large the writer's commits), reruns it until it finishes, and checks what
/// the issue promises: through <c>RunDurableAsync</c>, and as a workflow's batch step whose context gives the run.
/// FLOXIDE_CRASH_SEED replays a run.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Items = 5000;
    private const int Kills = 6;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <param name="asWorkflowStep">Whether the batch runs as a workflow's step, durable through its context, instead of through RunDurableAsync.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_batch_killed_six_times_merges_every_output_once_in_order_and_no_recorded_item_runs_again(bool asWorkflowStep)
    {
        var seed = Environment.GetEnvironmentVariable("FLOXIDE_CRASH_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (set FLOXIDE_CRASH_SEED={seed} to replay)");
        try
        {
            await KillAndRerunUntilDone(new Random(seed), asWorkflowStep);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"Crash test failed with seed {seed} (set FLOXIDE_CRASH_SEED={seed} to replay): {ex.Message}", ex);
        }
    }

    private async Task KillAndRerunUntilDone(Random random, bool asWorkflowStep)
    {
        var database = _folder.File("crash.db");
        var outputs = _folder.File("outputs.txt");
        var recordedAtKill = new List<HashSet<long>>();
        var orphans = new HashSet<long>(); // ran in the last killed attempt but not recorded: they run again next
        for (var attempt = 0; ; attempt++)
        {
            var runLog = _folder.File($"runs-{attempt}.log");
            var left = Items - (recordedAtKill.Count == 0 ? 0 : recordedAtKill[^1].Count);
            var share = left / (Kills - attempt + 1);
            var killAfter = attempt < Kills ? random.Next(Math.Max(1, share / 2), Math.Max(2, share)) : int.MaxValue;
            using var host = StartHost(database, runLog, outputs, asWorkflowStep);
            var killed = false;
            var started = 0;
            var orphansRecorded = orphans.Count == 0;
            string? done = null;
            using var timeout = new CancellationTokenSource(Guard);
            while (await host.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                // Orphans of the last kill run again first; once they are recorded, they cannot run a third time. They can
                // only become recorded at a commit, so the store is read there, not at every item: reading all records per
                // line let a loaded machine's reader fall behind the host, which then finished before its kill.
                if (!orphansRecorded && line.StartsWith("committed", StringComparison.Ordinal))
                {
                    orphansRecorded = await AllRecorded(database, orphans);
                }

                if (line == "ran" && ++started >= killAfter && orphansRecorded)
                {
                    host.Kill(); // SIGKILL: no finally block, no flush, no lease release
                    killed = true;
                    break;
                }

                if (line.StartsWith("done", StringComparison.Ordinal) || line.StartsWith("violation", StringComparison.Ordinal))
                {
                    done = line;
                }
            }

            await host.WaitForExitAsync(timeout.Token);
            output.WriteLine($"attempt {attempt}: {(killed ? "killed" : done ?? "exited")} after {File.ReadLines(runLog).Count()} item runs");
            if (killed)
            {
                var recorded = await RecordedIndexes(database);
                recordedAtKill.Add(recorded);
                orphans = File.ReadLines(runLog).Select(long.Parse).Where(i => !recorded.Contains(i)).ToHashSet();
                continue;
            }

            Assert.True(host.ExitCode == 0, $"attempt {attempt} exited with {host.ExitCode}: {done ?? await host.StandardError.ReadToEndAsync()}");
            Assert.StartsWith("done", done);
            Assert.Equal(Kills, attempt);
            break;
        }

        // Every item's output merged exactly once, in input order.
        var merged = (await File.ReadAllLinesAsync(outputs)).Select(int.Parse).ToArray();
        Assert.Equal(Enumerable.Range(0, Items).Select(i => (i * 3) + 1), merged);

        // No item recorded before a kill ran again; no item ran more than twice; every item ran.
        var runsPerAttempt = Enumerable.Range(0, Kills + 1).Select(a => File.ReadLines(_folder.File($"runs-{a}.log")).Select(long.Parse).ToList()).ToList();
        for (var kill = 0; kill < Kills; kill++)
        {
            for (var later = kill + 1; later <= Kills; later++)
            {
                var again = runsPerAttempt[later].Where(recordedAtKill[kill].Contains).Take(5).ToList();
                Assert.True(again.Count == 0, $"items recorded before kill {kill} ran again in attempt {later}: {string.Join(", ", again)}");
            }
        }

        var runs = runsPerAttempt.SelectMany(r => r).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Items, runs.Count);
        var thrice = runs.Where(p => p.Value > 2).Select(p => p.Key).Take(5).ToList();
        Assert.True(thrice.Count == 0, $"items ran more than twice: {string.Join(", ", thrice)}");
    }

    private static Process StartHost(string database, string runLog, string outputs, bool asWorkflowStep)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { HostAssembly(), database, runLog, outputs, Items.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        if (asWorkflowStep)
        {
            info.ArgumentList.Add("step");
        }

        return Process.Start(info) ?? throw new InvalidOperationException("The crash host did not start.");
    }

    private static async Task<bool> AllRecorded(string database, HashSet<long> items) =>
        items.Count == 0 || (await RecordedIndexes(database)).IsSupersetOf(items);

    private static async Task<HashSet<long>> RecordedIndexes(string database)
    {
        using var store = new SqliteBatchStore(database);
        return (await store.ReadItemsAsync("crash", default)).Select(r => r.Index).ToHashSet();
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>The host's dll, built beside this project's output (same configuration and framework).</summary>
    private static string HostAssembly()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!;
        var repository = configuration.Parent!.Parent!.Parent!;
        var path = Path.Combine(repository.FullName, "Floxide.Sqlite.Tests.CrashHost", "bin", configuration.Name, framework.Name, "Floxide.Sqlite.Tests.CrashHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The crash host is not built at {path}: build Floxide.Sqlite.Tests (it builds the host).", path);
    }
}
