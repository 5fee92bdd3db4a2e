using System.Globalization;

namespace Floxide.Generators.Tests;

/// <summary>
/// The generated text of each scenario, compared exactly with <c>Baselines/&lt;scenario&gt;/</c>
/// (rewrite with <c>FLOXIDE_UPDATE_BASELINES=1</c>, see <see cref="Baseline"/>). Each scenario also
/// compiles cleanly with the generated code under nullable and warnings-as-errors.
/// </summary>
public sealed class BaselineTests
{
    [Fact]
    public void ClassContext() => Check(nameof(ClassContext), ("ImageBatch.cs", Scenarios.ClassContext));

    [Fact]
    public void RecordContext() => Check(nameof(RecordContext), ("OrderBatch.cs", Scenarios.RecordContext));

    [Fact]
    public void StreamContextInGlobalNamespace() => Check(nameof(StreamContextInGlobalNamespace), ("LineBatch.cs", Scenarios.StreamContext));

    [Fact]
    public void NestedGenericContext() => Check(nameof(NestedGenericContext), ("KeyBatch.cs", Scenarios.NestedGenericContext));

    [Fact]
    public void SameNamedContextsInTwoNamespaces() =>
        Check(nameof(SameNamedContextsInTwoNamespaces), ("A.cs", Scenarios.SameNameA), ("B.cs", Scenarios.SameNameB));

    [Fact]
    public void PartialContextOverTwoFiles() =>
        Check(nameof(PartialContextOverTwoFiles), ("Part1.cs", Scenarios.PartialPart1), ("Part2.cs", Scenarios.PartialPart2));

    [Fact]
    public void MemberKinds() => Check(nameof(MemberKinds), ("MemberBatch.cs", Scenarios.MemberKinds));

    [Fact]
    public void Nodes() => Check(nameof(Nodes), ("Nodes.cs", Scenarios.Nodes));

    [Fact]
    public void OutputDoesNotDependOnTheCulture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            // A culture with a non-ASCII minus sign and other separators: the text must not change.
            CultureInfo.CurrentCulture = new CultureInfo("sv-SE");
            CultureInfo.CurrentUICulture = new CultureInfo("sv-SE");
            Check(nameof(ClassContext), ("ImageBatch.cs", Scenarios.ClassContext));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static void Check(string scenario, params (string Path, string Text)[] sources)
    {
        var output = GeneratorHarness.Run(sources).AssertCompilesCleanly();
        Baseline.AssertMatches(scenario, output.Files);
    }
}
