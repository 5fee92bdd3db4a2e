using System.Collections.Immutable;
using Floxide.Generators.DependencyInjection;
using Floxide.Generators.Tests.Infrastructure;
using Floxide.Generators.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Floxide.Generators.Tests.DependencyInjection;

/// <summary>
/// The generated registration's name: an assembly with nodes that sees another's internals (InternalsVisibleTo, as a
/// library's tests do) finds both generated <c>AddFloxideNodes</c> methods, and a call is ambiguous (CS0121). FLX0201
/// says so and names the property, <c>FloxideAddNodesMethodName</c>, that renames this project's method.
/// </summary>
public sealed class RegistrationNameTests
{
    private const string Library = """
        #pragma warning disable CS1591
        using System.Collections.Generic;
        using Floxide;

        [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("App")]

        namespace Lib
        {
            [BatchContext]
            public partial class Orders
            {
                [BatchItems] public List<int> Items { get; set; } = new();
                [BatchItem] public int Item { get; set; }
            }

            [Node] public partial class Price { public void Process(Orders context) { } }
        }
        """;

    private const string App = """
        #pragma warning disable CS1591
        using Floxide;
        using Microsoft.Extensions.DependencyInjection;

        namespace App
        {
            [Node] public partial class Stub { public void Process(Lib.Orders context) { } }

            public static class Setup
            {
                public static IServiceCollection Register(IServiceCollection services) => services.CALL;
            }
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnAssemblyThatSeesAnothersRegistrationGetsFLX0201NamingTheAssemblyAndTheProperty(bool asBuilt)
    {
        var output = RunApp(asBuilt, "AddFloxideNodes()", methodName: null);

        // The compiler's error stays (nothing the generator writes can make the call unambiguous); FLX0201 says why and what to do.
        Assert.Contains(output.CompilationDiagnostics, d => d.Id == "CS0121");
        var diagnostic = Assert.Single(await Analyze(output, methodName: null));
        Assert.Equal("FLX0201", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.DefaultSeverity);
        Assert.Contains("'Lib'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("FloxideAddNodesMethodName", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FloxideAddNodesMethodNameRenamesThisProjectsRegistrationSoBothCanBeCalled(bool asBuilt)
    {
        var output = RunApp(asBuilt, "AddAppNodes().AddFloxideNodes()", methodName: "AddAppNodes").AssertCompilesCleanly();

        Assert.Contains("AddAppNodes(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services)", output.Files[ServiceRegistrationEmitter.HintName], StringComparison.Ordinal);
        Assert.Empty(await Analyze(output, "AddAppNodes"));
    }

    [Theory]
    [InlineData("Add-Test-Nodes")]
    [InlineData("class")]
    public async Task AnInvalidNameGeneratesNoRegistrationAndFLX0202SaysWhy(string name)
    {
        var output = RunApp(asBuilt: true, "AddFloxideNodes()", name);

        Assert.DoesNotContain(ServiceRegistrationEmitter.HintName, output.Files.Keys);
        var diagnostic = Assert.Single(await Analyze(output, name));
        Assert.Equal("FLX0202", diagnostic.Id);
        Assert.Contains($"'{name}'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutInternalsVisibleToThereIsNothingToReport()
    {
        var library = GeneratorHarness.Run(WithDependencyInjection(GeneratorHarness.Compile(("Library.cs", Library.Replace("InternalsVisibleTo(\"App\")", "InternalsVisibleTo(\"Other\")", StringComparison.Ordinal)))).WithAssemblyName("Lib"))
            .AssertCompilesCleanly();
        var app = WithDependencyInjection(GeneratorHarness.Compile(("App.cs", App.Replace("CALL", "AddFloxideNodes()", StringComparison.Ordinal))))
            .WithAssemblyName("App").AddReferences(ReferencedProjectTests.Built(library.Output));

        var output = Run(app, methodName: null).AssertCompilesCleanly();

        Assert.Empty(await Analyze(output, methodName: null));
    }

    private static GeneratorOutput RunApp(bool asBuilt, string call, string? methodName)
    {
        var library = GeneratorHarness.Run(WithDependencyInjection(GeneratorHarness.Compile(("Library.cs", Library))).WithAssemblyName("Lib")).AssertCompilesCleanly();
        var reference = asBuilt ? ReferencedProjectTests.Built(library.Output) : library.Output.ToMetadataReference();
        var app = WithDependencyInjection(GeneratorHarness.Compile(("App.cs", App.Replace("CALL", call, StringComparison.Ordinal))))
            .WithAssemblyName("App").AddReferences(reference);
        return Run(app, methodName);
    }

    private static GeneratorOutput Run(CSharpCompilation compilation, string? methodName)
    {
        var driver = CSharpGeneratorDriver.Create(
                [new FloxideGenerator().AsSourceGenerator()],
                parseOptions: GeneratorHarness.ParseOptions,
                optionsProvider: Properties(methodName))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorOutput(compilation, output, driver.GetRunResult(), diagnostics);
    }

    private static async Task<ImmutableArray<Diagnostic>> Analyze(GeneratorOutput output, string? methodName) =>
        await output.Output.WithAnalyzers(FloxideAnalysis.Analyzers, new AnalyzerOptions([], Properties(methodName))).GetAnalyzerDiagnosticsAsync();

    private static CSharpCompilation WithDependencyInjection(CSharpCompilation compilation) =>
        compilation.AddReferences(MetadataReference.CreateFromFile(typeof(IServiceCollection).Assembly.Location));

    /// <summary>The global options a project with <c>&lt;FloxideAddNodesMethodName&gt;</c> (and the package's CompilerVisibleProperty) gives.</summary>
    private static BuildProperties Properties(string? methodName) => new(methodName is null
        ? ImmutableDictionary<string, string>.Empty
        : ImmutableDictionary<string, string>.Empty.Add(RegistrationMethodName.Property, methodName));
}
