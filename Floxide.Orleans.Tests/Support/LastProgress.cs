namespace Floxide.Orleans.Tests;

/// <summary>Keeps the last progress report, synchronously (<see cref="Progress{T}"/> would post it later).</summary>
public sealed class LastProgress : IProgress<BatchProgress>
{
    private BatchProgress _last;

    public BatchProgress Last => _last;

    public void Report(BatchProgress value) => _last = value;
}
