using Floxide.CodeFixes.Tests.CodeFixes.Host;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.CodeFixes.Tests.Verifiers;

/// <summary>
/// As <see cref="CodeFixVerifier{TAnalyzer, TCodeFix}"/>, with every Floxide analyzer running: the fixed code must hold
/// exactly the diagnostics it marks, so a fix that leaves its own or causes another Floxide diagnostic fails.
/// </summary>
/// <typeparam name="TCodeFix">The code fix under test.</typeparam>
internal static class AllAnalyzersCodeFixVerifier<TCodeFix>
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Verifies one fix (chosen by equivalence key when given) and that Fix All gives the same result.</summary>
    public static Task VerifyAsync(string source, string fixedSource, string? equivalenceKey = null)
    {
        var test = Create(source, fixedSource, equivalenceKey);
        test.NumberOfIncrementalIterations = 1;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    /// <summary>Verifies that no fix is offered for the marked diagnostics.</summary>
    public static Task VerifyNoFixAsync(string source, string? equivalenceKey = null)
    {
        var test = Create(source, source, equivalenceKey);
        test.NumberOfIncrementalIterations = 0;
        test.NumberOfFixAllIterations = 0;
        return test.RunAsync();
    }

    /// <summary>
    /// Verifies a fix a provider offers for two IDs the same way (a context's rule and a batch step's FLX0111): the fix
    /// with <paramref name="equivalenceKey"/> reaches its own diagnostic only, and Fix All reaches the other too, with the
    /// same fix under that ID's key. <paramref name="contextWritten"/> and <paramref name="stepWritten"/> are the marked
    /// spans of <paramref name="source"/>, each replaced by its fixed text.
    /// </summary>
    public static Task VerifyFixAllAcrossIdsAsync(
        string source, string contextWritten, string contextFixed, string stepWritten, string stepFixed, string equivalenceKey)
    {
        var stepsKey = equivalenceKey.Contains("FLX0111", StringComparison.Ordinal);
        var test = Create(
            source,
            stepsKey ? source.Replace(stepWritten, stepFixed, StringComparison.Ordinal) : source.Replace(contextWritten, contextFixed, StringComparison.Ordinal),
            equivalenceKey);
        test.BatchFixedCode = source.Replace(contextWritten, contextFixed, StringComparison.Ordinal).Replace(stepWritten, stepFixed, StringComparison.Ordinal);
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow; // the other diagnostic is still there
        test.NumberOfIncrementalIterations = 1;
        test.CodeFixTestBehaviors |= Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipFixAllInProjectCheck | Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipFixAllInSolutionCheck;
        return test.RunAsync();
    }

    /// <summary>Builds a test that the caller can tune further (several documents, Fix All's own result).</summary>
    public static Test Create(string source, string fixedSource, string? equivalenceKey = null)
    {
        var test = new Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = FloxideTestReferences.ReferenceAssemblies,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        FloxideTestReferences.Configure(test.TestState, test.SolutionTransforms);
        return test;
    }

    /// <summary>A code-fix test whose analyzers are all of Floxide's.</summary>
    public sealed class Test : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, TCodeFix, DefaultVerifier>
    {
        /// <inheritdoc/>
        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => HostFixRunner.Analyzers;
    }
}
