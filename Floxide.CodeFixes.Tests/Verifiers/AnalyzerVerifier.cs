using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.CodeFixes.Tests.Verifiers;

/// <summary>Runs one analyzer over a source with markup (<c>{|FLX0001:span|}</c>) and checks exactly the marked diagnostics.</summary>
/// <typeparam name="TAnalyzer">The analyzer under test.</typeparam>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Verifies that the analyzer reports exactly the diagnostics marked in <paramref name="source"/> (and <paramref name="expected"/>).</summary>
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, CompilerDiagnostics.Errors, expected);

    /// <summary>As <see cref="VerifyAsync(string, DiagnosticResult[])"/>, choosing which compiler diagnostics must match too.</summary>
    public static Task VerifyAsync(string source, CompilerDiagnostics compilerDiagnostics, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = FloxideTestReferences.ReferenceAssemblies,
            CompilerDiagnostics = compilerDiagnostics,
        };
        FloxideTestReferences.Configure(test.TestState, test.SolutionTransforms);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
