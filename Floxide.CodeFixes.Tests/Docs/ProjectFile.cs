using System.Collections.Immutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Floxide.Generators.Tests.Readme;
using Floxide.Testing;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.CodeFixes.Tests.Docs;

/// <summary>
/// The project file a page's "Before" or "After" shows, as an <c>```xml</c> block in that section, for a diagnostic about
/// the project rather than a declaration (FLX0200 to FLX0202). The examples of the section are compiled as that project:
/// only what this type reads is modelled, and anything else in the block fails the test rather than be shown unchecked.
/// </summary>
/// <param name="Name">The project's (and so its assembly's) name: from a first-line comment naming the file,
/// <c>&lt;!-- MyLib.Tests.csproj --&gt;</c>, otherwise <see cref="DefaultName"/>.</param>
/// <param name="LanguageVersion"><c>&lt;LangVersion&gt;</c>; the latest when the block does not set it.</param>
/// <param name="ImplicitUsings"><c>&lt;ImplicitUsings&gt;</c>: whether the SDK's global usings (and Floxide's) are in.</param>
/// <param name="BuildProperties">The MSBuild properties the Floxide package makes visible to its generator and
/// analyzers (<c>CompilerVisibleProperty</c> in Floxide.Runtime/build/Floxide.props), as the compiler hands them on:
/// <c>build_property.Name</c> in the global analyzer config.</param>
/// <param name="ProjectReferences">The names of the projects <c>&lt;ProjectReference&gt;</c> items point to.</param>
/// <param name="Problems">What the block says that is not modelled.</param>
internal sealed record ProjectFile(
    string Name,
    LanguageVersion LanguageVersion,
    bool ImplicitUsings,
    ImmutableDictionary<string, string> BuildProperties,
    ImmutableArray<string> ProjectReferences,
    ImmutableArray<string> Problems)
{
    /// <summary>The name of a page's example project when its project file does not name it.</summary>
    public const string DefaultName = "Example";

    /// <summary>What a page's example is compiled as when its section shows no project file: a new net10.0 project.</summary>
    public static ProjectFile Default { get; } = new(DefaultName, LanguageVersion.Preview, ImplicitUsings: true, ImmutableDictionary<string, string>.Empty, [], []);

    /// <summary>The <c>TargetFramework</c> the test's references are for.</summary>
    private const string TargetFramework = "net10.0";

    private static readonly Lazy<ImmutableHashSet<string>> CompilerVisibleProperties = new(() =>
        [.. XDocument.Load(Path.Combine(RepositoryPaths.Root(), "Floxide.Runtime", "build", "Floxide.props"))
            .Descendants("CompilerVisibleProperty")
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()]);

    /// <summary>Reads a project file block: a whole <c>&lt;Project&gt;</c> or just the groups that matter to the example.</summary>
    public static ProjectFile Parse(CodeBlock block)
    {
        var name = Regex.Match(block.Text.TrimStart(), @"^<!--\s*([A-Za-z_][\w.]*)\.csproj\b") is { Success: true } named ? named.Groups[1].Value : DefaultName;
        var languageVersion = LanguageVersion.Preview;
        var implicitUsings = true; // a new project's template enables them
        var properties = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var references = ImmutableArray.CreateBuilder<string>();
        var problems = ImmutableArray.CreateBuilder<string>();
        foreach (var element in XElement.Parse($"<Fragment>{block.Text}</Fragment>").Descendants())
        {
            var value = element.HasElements ? "" : element.Value.Trim();
            switch (element.Name.LocalName)
            {
                case "Project" or "PropertyGroup" or "ItemGroup":
                    break;
                case "TargetFramework" when value == TargetFramework:
                    break;
                case "LangVersion" when LanguageVersionFacts.TryParse(value, out var parsed):
                    languageVersion = parsed;
                    break;
                case "ImplicitUsings" when value is "enable" or "true" or "disable" or "false":
                    implicitUsings = value is "enable" or "true";
                    break;
                case "ProjectReference" when (string?)element.Attribute("Include") is { } include:
                    references.Add(Path.GetFileNameWithoutExtension(include.Replace('\\', '/').Split('/')[^1]));
                    break;
                case var property when CompilerVisibleProperties.Value.Contains(property) && !element.HasElements:
                    properties[property] = value;
                    break;
                default:
                    problems.Add($"<{element.Name.LocalName}>{value}</{element.Name.LocalName}> (line {block.Line}) is not modelled by {nameof(ProjectFile)}");
                    break;
            }
        }

        return new ProjectFile(name, languageVersion, implicitUsings, properties.ToImmutable(), references.ToImmutable(), problems.ToImmutable());
    }
}
