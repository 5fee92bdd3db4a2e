using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.CodeFixes.Tests.Verifiers;

/// <summary>Applies a code fix to the marked diagnostics and compares the result with the expected source.</summary>
/// <typeparam name="TAnalyzer">The analyzer that reports the diagnostics.</typeparam>
/// <typeparam name="TCodeFix">The code fix under test.</typeparam>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Verifies one fix (chosen by equivalence key when given) and, implicitly, that Fix All gives the same result.</summary>
    public static Task VerifyAsync(string source, string fixedSource, string? equivalenceKey = null, int iterations = 1)
    {
        var test = Create(source, fixedSource, equivalenceKey);
        test.NumberOfIncrementalIterations = iterations;
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

    /// <summary>Verifies fixing one diagnostic at a time (<paramref name="iterativeSource"/>) and Fix All (<paramref name="fixAllSource"/>) separately, for fixes whose batch result is tidier.</summary>
    public static Task VerifyAsync(string source, string iterativeSource, string fixAllSource, string? equivalenceKey, int iterations)
    {
        var test = Create(source, iterativeSource, equivalenceKey);
        test.BatchFixedCode = fixAllSource;
        test.NumberOfIncrementalIterations = iterations;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    /// <summary>Builds a test that the caller can tune further.</summary>
    public static CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> Create(string source, string fixedSource, string? equivalenceKey = null)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = FloxideTestReferences.ReferenceAssemblies,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        FloxideTestReferences.Configure(test.TestState, test.SolutionTransforms);
        return test;
    }
}
