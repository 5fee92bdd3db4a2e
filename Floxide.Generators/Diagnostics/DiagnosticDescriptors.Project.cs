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

    /// <summary>FLX0201: this assembly and a referenced one whose internals it sees both generate a registration method of one name.</summary>
    public static readonly DiagnosticDescriptor RegistrationMethodClash = CreateForCompilation(
        "FLX0201",
        "Two generated node registrations of the same name are in sight",
        "This project generates '{0}' for its nodes, and so does the referenced assembly '{1}', whose internals it sees (InternalsVisibleTo): 'services.{0}()' is ambiguous here (CS0121); set the MSBuild property FloxideAddNodesMethodName in this project (or in '{1}') to give one of them another name",
        ProjectCategory,
        DiagnosticSeverity.Warning,
        "Each assembly with nodes or workflows gets an internal extension method that registers them, AddFloxideNodes unless the MSBuild property FloxideAddNodesMethodName names another. C# looks extension methods up in every accessible class of an imported namespace, so where an assembly with nodes sees another's internals (a library that grants InternalsVisibleTo to its tests, which declare stub nodes) a call finds both methods and is ambiguous. Set <FloxideAddNodesMethodName> in one of the two projects; then each method registers its own assembly's nodes, and a caller that wants both calls both.");

    /// <summary>FLX0202: the MSBuild property that names the registration method is not a C# identifier.</summary>
    public static readonly DiagnosticDescriptor RegistrationMethodNameInvalid = CreateForCompilation(
        "FLX0202",
        "FloxideAddNodesMethodName must be a C# identifier",
        "The MSBuild property FloxideAddNodesMethodName is '{0}', which is not a C# identifier; no node registration is generated until it names a method (or is removed, for AddFloxideNodes)",
        ProjectCategory,
        DiagnosticSeverity.Error,
        "The property names the generated registration method, so it must be a C# identifier that is not a keyword, such as AddOrderNodes. Rather than write a method that would not compile, the generator leaves the registration out.");

    /// <summary>A descriptor reported once per compilation, at its end (no source location: the cause is a project setting).</summary>
    private static DiagnosticDescriptor CreateForCompilation(string id, string title, string message, string category, DiagnosticSeverity severity, string description) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id), WellKnownDiagnosticTags.CompilationEnd);
}
