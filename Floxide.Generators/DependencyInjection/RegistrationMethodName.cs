using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.DependencyInjection;

/// <summary>
/// The name of the generated registration method: <c>AddFloxideNodes</c> unless the project's MSBuild property
/// <c>FloxideAddNodesMethodName</c> names another (the package's build props make it visible to the compiler). The
/// generated class is internal, so two of them only meet where an assembly with nodes gives another with nodes access to
/// its internals (<c>InternalsVisibleTo</c>, typically a library and its tests); C# then finds both extension methods and
/// a call is ambiguous (CS0121), whatever their classes are called. Renaming one of them is the way out.
/// </summary>
internal static class RegistrationMethodName
{
    /// <summary>The method's name when the property is not set.</summary>
    public const string Default = "AddFloxideNodes";

    /// <summary>The MSBuild property that names the method.</summary>
    public const string Property = "FloxideAddNodesMethodName";

    /// <summary>The property as the compiler hands it to generators and analyzers (global analyzer config).</summary>
    public const string OptionKey = "build_property." + Property;

    /// <summary>The generated class's metadata name, the same in every assembly.</summary>
    public const string ClassMetadataName = "Microsoft.Extensions.DependencyInjection.FloxideNodesServiceCollectionExtensions";

    /// <summary>The property's value, trimmed; null when it is not set or empty.</summary>
    public static string? Configured(AnalyzerConfigOptions options) =>
        options.TryGetValue(OptionKey, out var value) && value.Trim() is { Length: > 0 } name ? name : null;

    /// <summary>The name to generate for <paramref name="configured"/>, or null when it is not a C# identifier (FLX0202: nothing is generated).</summary>
    public static string? Resolve(string? configured) => configured is null ? Default : IsValid(configured) ? configured : null;

    /// <summary>Whether <paramref name="name"/> can name a method: an identifier, not a keyword.</summary>
    public static bool IsValid(string name) => SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;
}
