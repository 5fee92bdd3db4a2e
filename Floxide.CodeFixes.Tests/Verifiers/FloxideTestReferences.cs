using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.CodeFixes.Tests.Verifiers;

/// <summary>
/// What every analyzer and code-fix test compiles against: the .NET 10 reference assemblies from
/// Basic.Reference.Assemblies (restored like any package, so nothing is downloaded at test time) and the
/// built Floxide.Runtime.dll, which carries the DSL attributes, with Polly.Core, which the code generated for
/// [Retry] and [Timeout] calls (a consumer gets it with the package).
/// </summary>
internal static class FloxideTestReferences
{
    /// <summary>No reference package: the harness would otherwise download one from NuGet at run time.</summary>
    public static ReferenceAssemblies ReferenceAssemblies { get; } = new("net10.0");

    /// <summary>The framework references plus Floxide.Runtime and Polly.Core.</summary>
    public static ImmutableArray<MetadataReference> All { get; } =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(NodeAction).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Polly.ResiliencePipeline).Assembly.Location),
    ];

    /// <summary>
    /// What a project that references the Floxide package compiles against: <see cref="All"/> and the runtime's other
    /// dependencies (the code generated for a <c>[BatchStep]</c> takes an <c>ILoggerFactory</c>).
    /// </summary>
    public static ImmutableArray<MetadataReference> Package { get; } =
    [
        .. All,
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(System.Threading.RateLimiting.RateLimiter).Assembly.Location),
    ];

    /// <summary>Applies the references, nullable context and language version to a test.</summary>
    public static void Configure(SolutionState state, List<Func<Solution, ProjectId, Solution>> transforms)
    {
        state.AdditionalReferences.AddRange(All);
        transforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            var options = ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable);
            var parse = ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Preview);
            return solution.WithProjectCompilationOptions(projectId, options).WithProjectParseOptions(projectId, parse);
        });
    }
}
