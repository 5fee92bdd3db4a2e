using System.Diagnostics;

namespace Floxide.Runtime.Tests.Resilience;

/// <summary>
/// The shallowest and deepest stacks items ran on, in frames: runs nested on one thread show as a deepest stack that grows
/// with how many nested, long before they overflow it.
/// </summary>
internal sealed class StackDepths
{
    private int _shallowest = int.MaxValue;
    private int _deepest;

    public int Shallowest => Volatile.Read(ref _shallowest);

    public int Deepest => Volatile.Read(ref _deepest);

    /// <summary>Records the stack the caller runs on; from any thread.</summary>
    public void Record()
    {
        var frames = new StackTrace().FrameCount;
        int seen;
        while ((seen = Volatile.Read(ref _deepest)) < frames && Interlocked.CompareExchange(ref _deepest, frames, seen) != seen)
        {
        }

        while ((seen = Volatile.Read(ref _shallowest)) > frames && Interlocked.CompareExchange(ref _shallowest, frames, seen) != seen)
        {
        }
    }
}
