using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Helpers;

/// <summary>
/// The C# versions the generated code compiles at, read from a declaration's parse options (every tree of a
/// compilation has the project's <c>LangVersion</c>). The generator and <c>LanguageVersionAnalyzer</c> ask the same
/// questions here, so a project below the minimum gets the Floxide diagnostic and no generated code, never errors in it.
/// </summary>
internal static class LanguageSupport
{
    /// <summary>
    /// The oldest C# the generated code compiles at: it uses <c>not</c>, <c>and</c> and type patterns, static lambdas,
    /// init accessors and attributes on local functions, all C# 9.
    /// </summary>
    public const LanguageVersion Minimum = LanguageVersion.CSharp9;

    /// <summary>Whether code generated for a declaration in <paramref name="tree"/> compiles (non-C# options pass).</summary>
    public static bool IsSupported(SyntaxTree tree) => tree.Options is not CSharpParseOptions { LanguageVersion: < Minimum };

    /// <summary>
    /// Whether an async method may name its own builder (<c>[AsyncMethodBuilder]</c> on a method, C# 10): the generated
    /// node awaits through a pooled builder there, and through the default one below.
    /// </summary>
    public static bool CanOverrideAsyncMethodBuilder(SyntaxTree tree) =>
        tree.Options is not CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp10 };

    /// <summary>The version <paramref name="tree"/> compiles at, as the compiler names it (<c>8.0</c>), for messages.</summary>
    public static string Display(SyntaxTree tree) =>
        tree.Options is CSharpParseOptions options ? options.LanguageVersion.ToDisplayString() : "?";
}
