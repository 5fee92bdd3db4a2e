using System.Collections.Immutable;
using Floxide.CodeFixes.Tests.CodeFixes.Host;
using Floxide.Testing;

namespace Floxide.CodeFixes.Tests.CodeFixes;

/// <summary>How Fix All picks each diagnostic's fix from the key a host hands it.</summary>
public sealed class DocumentFixerTests
{
    private static readonly ImmutableArray<FixOption> Offered =
        [new(BatchSettingCodeFixProvider.UseProcessorCountKey, "default"), new(BatchSettingCodeFixProvider.UseOneKey, "one")];

    [Fact]
    public void KeyOfTheDiagnosticsId_AppliesThatFix() =>
        Assert.Equal(BatchSettingCodeFixProvider.UseOneKey, DocumentFixer.Choose(Offered, BatchSettingCodeFixProvider.UseOneKey)?.Key);

    [Fact]
    public void KeyOfAnotherId_AppliesTheFirstFix() =>
        Assert.Equal(BatchSettingCodeFixProvider.UseProcessorCountKey, DocumentFixer.Choose(Offered, WorkflowCodeFixProvider.MaxStepsKey)?.Key);

    [Fact]
    public void KeyOfAnotherId_AppliesItsCounterpartHereWhenThereIsOne() =>
        Assert.Equal(BatchSettingCodeFixProvider.UseOneKey, DocumentFixer.Choose(Offered, WorkflowCodeFixProvider.MaxStepsKey, BatchSettingCodeFixProvider.UseOneKey)?.Key);

    [Fact]
    public void NoKey_AppliesTheFirstFix() =>
        Assert.Equal(BatchSettingCodeFixProvider.UseProcessorCountKey, DocumentFixer.Choose(Offered, null)?.Key);

    [Fact]
    public void KeyOfTheIdNotOfferedHere_AppliesTheFirstFix() =>
        Assert.Equal(BatchSettingCodeFixProvider.UseProcessorCountKey, DocumentFixer.Choose([Offered[0]], BatchSettingCodeFixProvider.UseOneKey)?.Key);

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

    [Fact]
    public void DocsIndexSaysCodeFixExactlyForTheFixableIds()
    {
        // .ci/format-smoke passes the IDs this column marks to dotnet format.
        var marked = File.ReadAllLines(Path.Combine(RepositoryPaths.Root(), "docs", "diagnostics", "README.md"))
            .Where(line => line.StartsWith("| [FLX", StringComparison.Ordinal) && line.EndsWith("| yes |", StringComparison.Ordinal))
            .Select(line => line.Substring(3, 7))
            .Order(StringComparer.Ordinal);
        Assert.Equal(HostFixRunner.FixableIds, marked);
    }
}
