using System.Globalization;

namespace Floxide.Runtime.Tests.Properties;

/// <summary>What a throwing item throws: one instance per attempt, so a result's exception says which attempt it was.</summary>
public sealed class ItemFailure(int item, int attempt)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"item {item} failed on attempt {attempt}"))
{
    public int ItemIndex { get; } = item;

    public int Attempt { get; } = attempt;
}
