using CsCheck;

namespace Floxide.Runtime.Tests.Properties;

/// <summary>The generator of <see cref="EngineCase"/>s: each choice independent of the others.</summary>
public static class EngineCases
{
    public static readonly Gen<EngineCase> All = Gen.Select(
        Gen.Frequency((3, Gen.Int[0, 600]), (2, Gen.OneOf(0, 1, 2, 63, 64, 65, 127, 128, 129, 192, 193))),
        Gen.OneOf(1, 2, 3, 4, 16, 64),
        Any<EngineCase.SourceKind>(),
        Any<EngineCase.RunMode>(),
        Gen.Bool,
        Mix(),
        Gen.OneOf(0, 0, 1, 2, 3),
        Gen.OneOf(0, 50),
        Any<EngineCase.TimeoutKind>(),
        Any<EngineCase.LimiterKind>(),
        Gen.Int[1, 4],
        Any<EngineCase.CancelPoint>(),
        Gen.Int[0, 100],
        Any<EngineCase.GraceKind>(),
        Gen.Int[0, 3],
        (count, limit, source, mode, failFast, mix, retries, delay, timeout, limiter, permits, cancel, cancelAt, grace, durable) =>
            new EngineCase(
                count, limit, source, mode,
                FailFast: failFast && durable != 0, // a durable case compares its resumed results with one uninterrupted run's, which FailFast makes a race
                mix, retries, delay, timeout, limiter, permits, cancel, cancelAt, grace,
                Durable: durable == 0));

    private static Gen<ItemMix> Mix() => Gen.Select(
        Gen.Int[0, 8], Gen.Int[0, 8], Gen.Int[0, 4], Gen.Int[0, 3], Gen.Int[0, 4], Gen.ULong,
        (sync, yield, wait, @throw, flaky, seed) => new ItemMix(sync, yield, wait, @throw, flaky, seed));

    private static Gen<T> Any<T>()
        where T : struct, Enum => Gen.OneOf(Enum.GetValues<T>());
}
