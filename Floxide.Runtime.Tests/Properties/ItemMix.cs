using System.Globalization;

namespace Floxide.Runtime.Tests.Properties;

/// <summary>
/// What each item of a case does, drawn per item from weights and a seed: a weight CsCheck shrinks to zero takes that
/// behaviour out of the case, so a shrunk case names the behaviours it needs.
/// </summary>
public sealed record ItemMix(int Sync, int Yield, int Wait, int Throw, int Flaky, ulong Seed)
{
    /// <summary>What an item does on each of its attempts.</summary>
    public enum Behaviour
    {
        /// <summary>Succeeds without awaiting.</summary>
        Sync,

        /// <summary>Succeeds after a Task.Yield, ignoring its token.</summary>
        Yield,

        /// <summary>Succeeds after a 1 s delay on the pumped clock, on its token.</summary>
        Wait,

        /// <summary>Throws on every attempt (after a yield, for odd items).</summary>
        Throw,

        /// <summary>Throws on its first <see cref="FailuresOf"/> attempts, then succeeds.</summary>
        Flaky,
    }

    /// <summary>The behaviour of the item at <paramref name="index"/>.</summary>
    public Behaviour Of(int index)
    {
        var total = Sync + Yield + Wait + Throw + Flaky;
        if (total == 0)
        {
            return Behaviour.Sync;
        }

        var pick = (int)(Hash(index) % (ulong)total);
        return pick < Sync ? Behaviour.Sync
            : pick < Sync + Yield ? Behaviour.Yield
            : pick < Sync + Yield + Wait ? Behaviour.Wait
            : pick < Sync + Yield + Wait + Throw ? Behaviour.Throw
            : Behaviour.Flaky;
    }

    /// <summary>How many attempts a flaky item fails before it succeeds: 1 to 3.</summary>
    public int FailuresOf(int index) => 1 + (int)((Hash(index) >> 32) % 3);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"(sync {Sync}, yield {Yield}, wait {Wait}, throw {Throw}, flaky {Flaky}, seed {Seed})");

    /// <summary>SplitMix64 of the seed and the index: the same behaviours in every process (string and HashCode hashes are not).</summary>
    private ulong Hash(int index)
    {
        var z = Seed + ((ulong)index + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
