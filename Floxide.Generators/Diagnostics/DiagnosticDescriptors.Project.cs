using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Diagnostics;

/// <content>The rules about the project around the declarations: its language version, its MSBuild properties, its references.</content>
internal static partial class DiagnosticDescriptors
{
    /// <summary>The category of rules about the project's settings and references rather than one declaration.</summary>
    public const string ProjectCategory = "Floxide.Project";

    /// <summary>FLX0200: the project compiles a C# older than the generated code needs.</summary>
    public static readonly DiagnosticDescriptor LanguageVersionTooLow = Create(
        "FLX0200",
        "Floxide's generated code needs C# 9 or later",
        "'{0}' is a [{1}], whose generated code needs C# 9 or later, but this project compiles C# {2}; set <LangVersion> to 9.0 or later (or remove it: net10.0 defaults to the latest)",
        ProjectCategory,
        DiagnosticSeverity.Error,
        "The code Floxide generates uses C# 9 (not and type patterns, static lambdas, init accessors, attributes on local functions). Below C# 9 the generator emits nothing, so no error points into generated code; this diagnostic says why the members it would have added are missing. At C# 9 an awaiting node uses the default async builder instead of the pooled one (C# 10), which costs one allocation per item that really awaits.");
}
