using System.Collections.Immutable;
using Floxide.CodeFixes.Tests.CodeFixes.Host;

namespace Floxide.CodeFixes.Tests.CodeFixes;

/// <summary>How Fix All picks each diagnostic's fix from the key a host hands it.</summary>
public sealed class DocumentFixerTests
{
    private static readonly ImmutableArray<FixOption> Offered =
        [new(ParallelismCodeFixProvider.UseProcessorCountKey, "default"), new(ParallelismCodeFixProvider.UseOneKey, "one")];

    [Fact]
    public void KeyOfTheDiagnosticsId_AppliesThatFix() =>
        Assert.Equal(ParallelismCodeFixProvider.UseOneKey, DocumentFixer.Choose(Offered, ParallelismCodeFixProvider.UseOneKey)?.Key);

    [Fact]
    public void KeyOfAnotherId_AppliesTheFirstFix() =>
        Assert.Equal(ParallelismCodeFixProvider.UseProcessorCountKey, DocumentFixer.Choose(Offered, WorkflowCodeFixProvider.MaxStepsKey)?.Key);

    [Fact]
    public void NoKey_AppliesTheFirstFix() =>
        Assert.Equal(ParallelismCodeFixProvider.UseProcessorCountKey, DocumentFixer.Choose(Offered, null)?.Key);

    [Fact]
    public void KeyOfTheIdNotOfferedHere_AppliesTheFirstFix() =>
        Assert.Equal(ParallelismCodeFixProvider.UseProcessorCountKey, DocumentFixer.Choose([Offered[0]], ParallelismCodeFixProvider.UseOneKey)?.Key);

    [Fact]
    public void KeysArePerId()
    {
        var keys = HostFixRunner.Fixers.SelectMany(f => f.GetType().GetFields().Where(x => x.IsLiteral && x.Name.EndsWith("Key", StringComparison.Ordinal)))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Matches(@"^Floxide\.FLX\d{4}\.\w+$", key));
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }
}
