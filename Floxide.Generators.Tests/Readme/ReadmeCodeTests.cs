using System.Globalization;
using System.Text.RegularExpressions;
using Floxide.Generators.Tests.Robustness;
using Floxide.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests.Readme;

/// <summary>
/// Every C# block of the repository's README.md compiles, as a user would paste it into a new project: the
/// Floxide runtime referenced (with the two abstractions packages it depends on, as a package reference brings
/// them), the generator run, the SDK's implicit usings, nullable on and every warning
/// wave; no error and no warning from the compiler or a Floxide analyzer. A block with top-level statements
/// is a console program, any other a library. A block added later is found and compiled without a change here.
/// </summary>
public sealed class ReadmeCodeTests
{
    /// <summary>
    /// Types a block uses without declaring them, because it shows a part of a larger program: compiled beside
    /// every block that names the type. Kept minimal: a block that can say everything itself should.
    /// </summary>
    private static readonly (string UsedType, string Source)[] StandIns =
    [
        // The workflow block is the per-file workflow of samples/FilePipeline, whose context and steps live in other files.
        ("ChecksumContext", """
            using Floxide;

            [BatchContext] public sealed partial class ChecksumContext { [BatchItems] public IReadOnlyList<string> Paths { get; init; } = []; [BatchItem] public string Path { get; set; } = ""; }
            public enum ChecksumVerdict { Match, Mismatch }
            [Node(Id = "hash")] public sealed partial class HashFileNode { public void Process(ChecksumContext context) { } }
            [Node(Id = "compare")] public sealed partial class CompareNode { public ChecksumVerdict Process(ChecksumContext context) => ChecksumVerdict.Match; }
            [Node(Id = "record")] public sealed partial class RecordNode { public void Process(ChecksumContext context) { } }
            [Node(Id = "reject")] public sealed partial class RejectNode { public void Process(ChecksumContext context) { } }
            """),
    ];

    /// <summary>Each C# block of the README, by the line of its opening fence and its first telling line.</summary>
    public static TheoryData<int, string> Blocks()
    {
        var data = new TheoryData<int, string>();
        foreach (var block in ReadmeBlocks())
        {
            data.Add(block.Line, block.Opening);
        }

        return data;
    }

    [Fact]
    public void TheReadmeHasCSharpBlocks() =>
        Assert.True(ReadmeBlocks().Count > 0, $"No ```csharp block found in {ReadmePath()}: the extraction is broken or the README lost its examples.");

    [Theory]
    [MemberData(nameof(Blocks))]
    public async Task BlockCompilesWithTheGeneratorWithoutWarnings(int line, string opening)
    {
        var block = ReadmeBlocks().SingleOrDefault(b => b.Line == line);
        Assert.True(block is not null && block.Opening == opening, $"README.md changed while the tests ran: no C# block '{opening}' at line {line}.");

        // #line maps every diagnostic in the block to its line in the README.
        var sources = new List<(string Path, string Text)> { ("README.md", $"#line {line + 1} \"README.md\"\n{block.Text}"), ("ImplicitUsings.cs", SdkImplicitUsings.Source) };
        var standIns = StandIns.Where(s => Regex.IsMatch(block.Text, $@"\b{Regex.Escape(s.UsedType)}\b")).ToList();
        sources.AddRange(standIns.Select(s => ($"StandIn.{s.UsedType}.cs", s.Source)));

        var compilation = GeneratorHarness.Compile([.. sources]).AddReferences(RuntimeDependencies);
        compilation = compilation.AddReferences(PackagesUsed(block.Text));
        var isProgram = compilation.SyntaxTrees.Any(t => t.GetRoot() is CompilationUnitSyntax unit && unit.Members.OfType<GlobalStatementSyntax>().Any());
        if (isProgram)
        {
            compilation = compilation.WithOptions(compilation.Options.WithOutputKind(OutputKind.ConsoleApplication));
        }

        var output = GeneratorHarness.Run(compilation);
        var analyzerDiagnostics = await output.Output.WithAnalyzers(FloxideAnalysis.Analyzers).GetAnalyzerDiagnosticsAsync();
        var problems = output.CompilationDiagnostics.Concat(analyzerDiagnostics)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .Concat(output.GeneratorDiagnostics.Select(d => "generator: " + d))
            .Concat(output.RunResult.Results.Single().Exception is { } exception ? ["generator threw " + exception] : [])
            .ToList();

        var compiledWith = standIns.Count == 0 ? "" : $" (compiled with the stand-ins for {string.Join(", ", standIns.Select(s => s.UsedType))})";
        Assert.True(
            problems.Count == 0,
            string.Create(CultureInfo.InvariantCulture, $"The C# block at README.md line {line}, '{opening}'{compiledWith}, as a {(isProgram ? "program" : "library")}:\n") + string.Join("\n", problems));
    }

    [Fact]
    public void FindsFencedBlocksAsMarkdownDoes()
    {
        const string markdown = """
            # Title
            ```csharp
            var a = 1;
            ```
            ```sh
            dotnet test
            ```
              ~~~~ C# title="x"
              class B { }
              ```
              ~~~~
            ```inline``` code, not a fence
            ```cs
            ```
            """;

        var blocks = MarkdownCodeBlocks.All(markdown);

        Assert.Equal([(2, "csharp", "var a = 1;"), (5, "sh", "dotnet test"), (8, "C#", "class B { }\n```"), (13, "cs", "")], blocks.Select(b => (b.Line, b.Language, b.Text)));
        Assert.Equal([2, 8, 13], MarkdownCodeBlocks.CSharp(markdown).Select(b => b.Line));
        var unclosed = Assert.Throws<FormatException>(() => MarkdownCodeBlocks.All("text\n```csharp\nvar a = 1;\n"));
        Assert.Contains("line 2", unclosed.Message, StringComparison.Ordinal);
    }

    /// <summary>The runtime's own package dependencies: what a project that references Floxide compiles against too.</summary>
    private static readonly MetadataReference[] RuntimeDependencies =
    [
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
    ];

    /// <summary>
    /// The other Floxide packages a block uses, marked by their <c>using</c> directive: compiled against the real
    /// assembly, so the README cannot drift from the package's API.
    /// </summary>
    private static IEnumerable<MetadataReference> PackagesUsed(string block)
    {
        if (Regex.IsMatch(block, @"^\s*using\s+Floxide\.Sqlite\s*;", RegexOptions.Multiline))
        {
            yield return MetadataReference.CreateFromFile(typeof(Floxide.Sqlite.SqliteBatchStore).Assembly.Location);
        }
    }

    private static string ReadmePath() => Path.Combine(RepositoryPaths.Root(), "README.md");

    private static IReadOnlyList<CodeBlock> ReadmeBlocks() => MarkdownCodeBlocks.CSharp(File.ReadAllText(ReadmePath()));
}
