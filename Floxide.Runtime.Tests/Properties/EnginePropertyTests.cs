using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace Floxide.Runtime.Tests.Properties;

/// <summary>
/// A property over batches composed from independent choices (<see cref="EngineCases"/>): whatever the size, limit,
/// source, run mode, error mode, item behaviours, retries, timeout, limiter, cancellation, grace period and durability,
/// every promise holds at once (<see cref="EngineCaseChecker"/>). The scenario tests check each promise alone; this finds
/// the combinations that break one.
/// </summary>
/// <remarks>
/// Deterministic by default: the same cases every run, from <see cref="DefaultSeed"/> (each case's timing varies, its
/// checks allow for that). As in the generator's <c>ValidProgramTests</c>, the sweep draws each case from a fixed seed
/// and hands CsCheck only a failing case's seed, to shrink. Environment variables: <c>FLOXIDE_ENGINE_SEED</c> (a number)
/// sweeps other cases, <c>FLOXIDE_ENGINE_COUNT</c> sweeps more, and <c>FLOXIDE_ENGINE_CASE</c> (a seed a failure printed)
/// checks and shrinks that one case.
/// </remarks>
public sealed class EnginePropertyTests(ITestOutputHelper output)
{
    private const ulong DefaultSeed = 20261203;
    private const int DefaultCount = 300;

    /// <summary>How long CsCheck may search for a smaller failing case.</summary>
    private const int ShrinkSeconds = 30;

    [Fact]
    public async Task Every_promise_holds_in_every_combination_of_options_and_behaviours()
    {
        if (Environment.GetEnvironmentVariable("FLOXIDE_ENGINE_CASE") is { Length: > 0 } replay)
        {
            var engineCase = EngineCases.All.Generate(PCG.Parse(replay), null, out _);
            output.WriteLine(engineCase.ToString());
            try
            {
                await EngineCaseChecker.CheckAsync(engineCase);
            }
            catch (InvalidOperationException exception)
            {
                Assert.Fail($"FLOXIDE_ENGINE_CASE={replay} fails: {exception.Message}\n\n{await ShrinkAsync(replay)}");
            }

            return;
        }

        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("FLOXIDE_ENGINE_SEED"), CultureInfo.InvariantCulture, out var given) ? given : DefaultSeed;
        var count = int.TryParse(Environment.GetEnvironmentVariable("FLOXIDE_ENGINE_COUNT"), CultureInfo.InvariantCulture, out var asked) ? asked : DefaultCount;
        var failures = new List<(string Seed, string Message)>();
        foreach (var (engineCase, caseSeed) in Sweep(seed, count))
        {
            try
            {
                await EngineCaseChecker.CheckAsync(engineCase);
            }
            catch (InvalidOperationException exception)
            {
                failures.Add((caseSeed, exception.Message));
            }
        }

        output.WriteLine($"{count} cases from FLOXIDE_ENGINE_SEED={seed}, {failures.Count} failed");
        foreach (var failure in failures.Take(5))
        {
            output.WriteLine($"FLOXIDE_ENGINE_CASE={failure.Seed}: {failure.Message}");
        }

        if (failures.Count > 0)
        {
            var first = failures[0];
            Assert.Fail($"{failures.Count} of {count} cases failed (FLOXIDE_ENGINE_SEED={seed}); the first, FLOXIDE_ENGINE_CASE={first.Seed}: {first.Message}\n\n{await ShrinkAsync(first.Seed)}");
        }
    }

    [Fact]
    public void The_sweep_is_deterministic_and_covers_every_choice()
    {
        var first = Sweep(DefaultSeed, DefaultCount).Select(c => c.Case.ToString()).ToList();
        var second = Sweep(DefaultSeed, DefaultCount).Select(c => c.Case.ToString()).ToList();
        Assert.Equal(first, second);

        var cases = Sweep(DefaultSeed, DefaultCount).Select(c => c.Case).ToList();
        var missing = new List<string>();
        void Require(string what, Func<EngineCase, bool> holds, int atLeast = 3)
        {
            if (cases.Count(holds) < atLeast)
            {
                missing.Add(what);
            }
        }

        foreach (var size in new[] { 0, 63, 64, 65 })
        {
            Require($"{size} items", c => c.Count == size, atLeast: 2);
        }

        foreach (var limit in new[] { 1, 2, 3, 4, 16, 64 })
        {
            Require($"limit {limit}", c => c.Limit == limit);
        }

        foreach (var source in Enum.GetValues<EngineCase.SourceKind>())
        {
            Require(source.ToString(), c => c.Source == source);
        }

        foreach (var mode in Enum.GetValues<EngineCase.RunMode>())
        {
            Require(mode.ToString(), c => c.Mode == mode);
            Require($"durable {mode}", c => c.Mode == mode && c.Durable);
            Require($"FailFast {mode}", c => c.Mode == mode && c.FailFast);
        }

        foreach (var cancel in Enum.GetValues<EngineCase.CancelPoint>())
        {
            Require($"cancel {cancel} with a grace period", c => c.Cancel == cancel && c.Grace != EngineCase.GraceKind.None && c.Count > 0);
            Require($"cancel {cancel} without", c => c.Cancel == cancel && c.Grace == EngineCase.GraceKind.None && c.Count > 0);
            Require($"cancel {cancel} in a durable run", c => c.Cancel == cancel && c.Durable && c.Count > 0);
        }

        foreach (var timeout in Enum.GetValues<EngineCase.TimeoutKind>())
        {
            Require($"timeout {timeout} with retries", c => c.Timeout == timeout && c.Retries > 0 && c.Mix.Wait > 0);
        }

        foreach (var limiter in Enum.GetValues<EngineCase.LimiterKind>())
        {
            Require($"limiter {limiter}", c => c.Limiter == limiter);
        }

        foreach (var grace in Enum.GetValues<EngineCase.GraceKind>())
        {
            Require($"grace {grace}", c => c.Grace == grace);
        }

        Require("items that throw, then succeed on a retry", c => c.Mix.Flaky > 0 && c.Retries > 0);
        Require("FailFast with retries", c => c.FailFast && c.Retries > 0 && c.Mix.Throw > 0);
        Assert.True(missing.Count == 0, "choices in too few cases: " + string.Join(", ", missing));
    }

    /// <summary>The cases a sweep checks, each with the CsCheck seed that regenerates it.</summary>
    private static List<(EngineCase Case, string Seed)> Sweep(ulong seed, int count)
    {
        var seeds = new PCG(1, seed);
        var cases = new List<(EngineCase, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var pcg = new PCG(seeds.Next(), seeds.Next64());
            var caseSeed = pcg.ToString();
            cases.Add((EngineCases.All.Generate(pcg, null, out _), caseSeed));
        }

        return cases;
    }

    /// <summary>Lets CsCheck look for a smaller failing case than the one of <paramref name="seed"/>; describes the smallest found.</summary>
    private async Task<string> ShrinkAsync(string seed)
    {
        try
        {
            await EngineCases.All.SampleAsync(EngineCaseChecker.CheckAsync, output.WriteLine, seed: seed, time: ShrinkSeconds, threads: 1, print: c => c.ToString());
            return "(it did not fail again when CsCheck replayed it)";
        }
        catch (CsCheckException exception)
        {
            return $"Shrunk (CsCheck's seed below also works as FLOXIDE_ENGINE_CASE):\n{exception.Message}\n\n{exception.InnerException?.Message}";
        }
    }
}
