using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Floxide.CodeFixes.Tests.CodeFixes.Host;
using Floxide.CodeFixes.Tests.Verifiers;
using Floxide.Generators;
using Floxide.Generators.Tests.Infrastructure;
using Floxide.Generators.Tests.Readme;
using Floxide.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.CodeFixes.Tests.Docs;

/// <summary>
/// The examples of every page of docs/diagnostics are code, compiled with the generator and every Floxide analyzer:
/// each "Before" block reports the page's ID (and only the other IDs listed for the page here), each "After" block
/// compiles with no error and no Floxide diagnostic, and on a page whose code fix writes the "After", the fix of the
/// "Before" gives it.
/// </summary>
/// <remarks>
/// How a page is read (see <see cref="DiagnosticPage"/>):
/// <list type="bullet">
/// <item>Every <c>```csharp</c> block under <c>### Before</c> is one "Before", every one under <c>### After</c> one
/// "After"; each is compiled on its own, as one file, so a page can show alternatives.</item>
/// <item>Declarations the example needs but that are not its point go in one collapsed section at the end of the
/// page, <c>&lt;details&gt;&lt;summary&gt;The rest of the example&lt;/summary&gt;</c> holding a <c>```csharp</c>
/// block: GitHub shows it as one closed line a reader can open, and its blocks are compiled, as further files,
/// with every Before and After block. A short example says everything itself instead.</item>
/// <item>Each file gets what a new project gets: the SDK's implicit usings, plus <c>using Floxide;</c> (the
/// index page says so). Any other namespace is imported by the block that uses it.</item>
/// <item>A diagnostic about the project rather than a declaration (FLX0200 to FLX0202) shows the project file: an
/// <c>```xml</c> block under <c>### Before</c> or <c>### After</c> is what that section's examples are compiled as
/// (<see cref="ProjectFile"/>: its <c>LangVersion</c>, <c>ImplicitUsings</c>, the MSBuild properties Floxide's package
/// hands to its generator, and its <c>ProjectReference</c>s; anything else in it fails the test). A section with a project
/// file and no C# block is the rest of the example compiled as that project. The project is named by a first-line
/// comment, <c>&lt;!-- MyLib.Tests.csproj --&gt;</c>. A referenced project's code is in the rest of the example, each of
/// its blocks opening with a comment naming its file in that project, <c>// MyLib/Orders.cs</c>: it is compiled (with the
/// generator) and referenced as a built assembly, the way a build references another project.</item>
/// <item>A C# block anywhere else on a page is an error: nothing would check it.</item>
/// </list>
/// </remarks>
public sealed class DiagnosticPageTests
{
    /// <summary>
    /// Every verified page, with the other IDs its "Before" may report (each of them must be reported by one of its
    /// Before blocks, so the list stays true), and for a page with a code fix, why its "After" is not the fix's output
    /// when it is not (otherwise the test applies the fix to the first Before and compares with the first After).
    /// </summary>
    private static readonly Dictionary<string, Expectation> Expectations = new()
    {
        ["FLX0001"] = Expectation.None,
        ["FLX0002"] = Expectation.None,
        ["FLX0003"] = Expectation.None,
        ["FLX0004"] = Expectation.None,
        ["FLX0005"] = Expectation.None,
        ["FLX0006"] = Expectation.None,
        ["FLX0007"] = Expectation.None,
        ["FLX0008"] = Expectation.None,
        ["FLX0009"] = Expectation.None,
        ["FLX0010"] = Expectation.None,
        ["FLX0011"] = Expectation.None,
        ["FLX0012"] = Expectation.None,
        ["FLX0013"] = Expectation.None,
        ["FLX0014"] = Expectation.NotTheFix("the fix applied in bulk is [Shared]; the After picks [PerItem], right for a list each item fills, as the page explains"),
        ["FLX0015"] = Expectation.None,
        ["FLX0016"] = Expectation.None,
        ["FLX0017"] = Expectation.None,
        ["FLX0018"] = Expectation.None,
        ["FLX0019"] = Expectation.None,
        ["FLX0020"] = Expectation.Also("CS1503"), // the compiler's own error beside the rule's
        ["FLX0021"] = Expectation.None,
        ["FLX0022"] = Expectation.None,
        ["FLX0023"] = Expectation.None,
        ["FLX0024"] = Expectation.None,
        ["FLX0025"] = Expectation.None,
        ["FLX0026"] = Expectation.None,
        ["FLX0027"] = Expectation.Also("CS0535"), // nothing is generated, so the IBatchContext members the interface brings are missing
        ["FLX0028"] = Expectation.None,
        ["FLX0029"] = Expectation.None,
        ["FLX0030"] = Expectation.None,
        ["FLX0031"] = Expectation.None,
        ["FLX0032"] = Expectation.None,
        ["FLX0033"] = Expectation.None,
        ["FLX0034"] = Expectation.NotTheFix("the fix only removes [Shared] from Started, which nothing assigns once built; Counter needs the shared Tally the After shows"),
        ["FLX0035"] = Expectation.None,
        ["FLX0100"] = Expectation.None,
        ["FLX0101"] = Expectation.None,
        ["FLX0102"] = Expectation.None,
        ["FLX0103"] = Expectation.None,
        ["FLX0104"] = Expectation.None,
        ["FLX0105"] = Expectation.None,
        ["FLX0106"] = Expectation.None,
        ["FLX0107"] = Expectation.None,
        ["FLX0108"] = Expectation.None,
        ["FLX0109"] = Expectation.None,
        ["FLX0110"] = Expectation.None,
        ["FLX0111"] = Expectation.Also("FLX0106"), // the route the invalid action was meant to be is missing: Express is unrouted
        ["FLX0112"] = Expectation.None,
        ["FLX0113"] = Expectation.None,
        ["FLX0114"] = Expectation.None,
        ["FLX0115"] = Expectation.Also("FLX0015"), // a [Node] needs a process method, which a workflow has not
        ["FLX0116"] = Expectation.None,
        ["FLX0117"] = Expectation.Also("CS7036"), // C# itself requires a constructor that calls the base's
        ["FLX0118"] = Expectation.None,
        ["FLX0119"] = Expectation.None,
        ["FLX0150"] = Expectation.None,
        ["FLX0151"] = Expectation.None,
        ["FLX0152"] = Expectation.None,
        ["FLX0153"] = Expectation.None,
        ["FLX0154"] = Expectation.None,
        ["FLX0155"] = Expectation.None,
        ["FLX0156"] = Expectation.None,
        ["FLX0157"] = Expectation.None,
        ["FLX0158"] = Expectation.None,
        ["FLX0159"] = Expectation.NotTheFix("the fix only adds the parameter; the After also passes the token on, as the page says"),
        ["FLX0160"] = Expectation.None,
        ["FLX0161"] = Expectation.None,
        ["FLX0162"] = Expectation.None,
        ["FLX0163"] = Expectation.None,
        ["FLX0164"] = Expectation.None,
        ["FLX0165"] = Expectation.None,
        ["FLX0166"] = Expectation.None,
        ["FLX0167"] = Expectation.None,
        ["FLX0200"] = Expectation.None,
        ["FLX0201"] = Expectation.Also("CS0121"), // the ambiguous call FLX0201 explains
        ["FLX0202"] = Expectation.None,
    };

    /// <summary>What <c>&lt;ImplicitUsings&gt;enable&lt;/ImplicitUsings&gt;</c> gives a project, and Floxide.</summary>
    private const string ImplicitUsings = SdkImplicitUsings.Source + "\nglobal using global::Floxide;\n";

    private static string Directory => Path.Combine(RepositoryPaths.Root(), "docs", "diagnostics");

    /// <summary>Every page's ID, from the files in docs/diagnostics.</summary>
    public static TheoryData<string> PageIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in AllPageIds())
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void EveryPageIsVerified()
    {
        var pages = AllPageIds();
        Assert.True(pages.Count > 60, $"Only {pages.Count} pages found in {Directory}.");
        var uncovered = pages.Where(id => !Expectations.ContainsKey(id)).ToList();
        Assert.True(uncovered.Count == 0, $"Pages with no entry in {nameof(Expectations)} (new pages are verified too): {string.Join(", ", uncovered)}.");
        var pageless = Expectations.Keys.Where(id => !pages.Contains(id)).ToList();
        Assert.True(pageless.Count == 0, $"Entries with no page: {string.Join(", ", pageless)}.");
    }

    [Theory]
    [MemberData(nameof(PageIds))]
    public async Task PageExamplesShowTheirDiagnostic(string id)
    {
        Assert.True(Expectations.TryGetValue(id, out var expected), $"docs/diagnostics/{id}.md has no entry in {nameof(Expectations)}.");
        var page = ReadPage(id);
        Assert.True(page.Stray.Count == 0, $"{id}.md has C# blocks outside Before, After and '{DiagnosticPage.RestSummary}', which nothing compiles: lines {string.Join(", ", page.Stray.Select(b => b.Line))}.");
        var problems = new List<string>();
        var beforeProject = ReadProject(page.BeforeProjects, "Before", problems);
        var afterProject = ReadProject(page.AfterProjects, "After", problems);
        var befores = Examples(page.Before, page.BeforeProjects);
        var afters = Examples(page.After, page.AfterProjects);
        Assert.NotEmpty(befores);
        Assert.NotEmpty(afters);

        var reportedOthers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, block) in befores)
        {
            var diagnostics = await CompileAsync(id, block, page.Rest, beforeProject);
            var ids = diagnostics.Where(IsFloxide).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            reportedOthers.UnionWith(ids.Where(i => i != id));
            if (!ids.Contains(id))
            {
                problems.Add($"Before (line {line}) does not report {id}.");
            }

            problems.AddRange(diagnostics
                .Where(d => d.Id != id && !expected.AlsoReported.Contains(d.Id) && (IsFloxide(d) || d.Severity == DiagnosticSeverity.Error))
                .Select(d => $"Before (line {line}) also reports {d}"));
        }

        problems.AddRange(expected.AlsoReported.Where(i => !reportedOthers.Contains(i) && i.StartsWith("FLX", StringComparison.Ordinal))
            .Select(i => $"{i} is listed as also reported, but no Before block reports it."));

        foreach (var (line, block) in afters)
        {
            var diagnostics = await CompileAsync(id, block, page.Rest, afterProject);
            problems.AddRange(diagnostics
                .Where(d => IsFloxide(d) || d.Severity == DiagnosticSeverity.Error)
                .Select(d => $"After (line {line}) reports {d}"));
        }

        if (page.HasCodeFix && expected.AfterIsNotTheFix is null && (page.BeforeProjects.Count > 0 || page.AfterProjects.Count > 0))
        {
            problems.Add($"The page has a code fix and a project file: {nameof(FixAsync)} only knows the default project.");
        }
        else if (page.HasCodeFix && expected.AfterIsNotTheFix is null)
        {
            var fixedText = await FixAsync(id, page.Before[0], page.Rest);
            if (Normalize(fixedText) != Normalize(page.After[0].Text))
            {
                problems.Add($"The code fix turns the first Before (line {page.Before[0].Line}) into this, not the first After (line {page.After[0].Line}):\n{fixedText}");
            }
        }
        else if (!page.HasCodeFix && expected.AfterIsNotTheFix is not null)
        {
            problems.Add($"{nameof(Expectation.AfterIsNotTheFix)} is set, but the page has no code fix.");
        }

        Assert.True(problems.Count == 0, $"docs/diagnostics/{id}.md:\n" + string.Join("\n", problems));
    }

    /// <summary>The section's project file, or a new project's defaults when it shows none.</summary>
    private static ProjectFile ReadProject(IReadOnlyList<CodeBlock> blocks, string section, List<string> problems)
    {
        if (blocks.Count > 1)
        {
            problems.Add($"{section} has {blocks.Count} project files (lines {string.Join(", ", blocks.Select(b => b.Line))}); a section is one project.");
        }

        var project = blocks.Count == 0 ? ProjectFile.Default : ProjectFile.Parse(blocks[0]);
        problems.AddRange(project.Problems.Select(p => $"{section}'s project file: {p}."));
        return project;
    }

    /// <summary>A section's examples: each C# block, or, when it only shows a project file, the rest of the example compiled as that project.</summary>
    private static List<(int Line, CodeBlock? Block)> Examples(IReadOnlyList<CodeBlock> blocks, IReadOnlyList<CodeBlock> projects) =>
        blocks.Count > 0 ? [.. blocks.Select(b => (b.Line, (CodeBlock?)b))] : [.. projects.Take(1).Select(p => (p.Line, (CodeBlock?)null))];

    /// <summary>
    /// Compiles one block with the page's supporting blocks as <paramref name="project"/> (its referenced projects built
    /// first from their blocks of the rest), runs the generator and the analyzers.
    /// </summary>
    private static async Task<ImmutableArray<Diagnostic>> CompileAsync(string id, CodeBlock? block, IReadOnlyList<CodeBlock> rest, ProjectFile project)
    {
        var references = FloxideTestReferences.Package.ToList();
        foreach (var name in project.ProjectReferences)
        {
            var files = rest.Where(b => OwningProject(b) == name).ToList();
            Assert.True(files.Count > 0, $"{id}.md: the project file references {name}, but no block of the rest of the example opens with '// {name}/...'.");
            var (library, diagnostics) = Build(id, files, ProjectFile.Default with { Name = name }, FloxideTestReferences.Package);
            var errors = diagnostics.Where(d => IsFloxide(d) || d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, $"{id}.md: the referenced project {name} does not build:\n{string.Join("\n", errors)}");
            using var image = new MemoryStream();
            var emitted = library.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            references.Add(MetadataReference.CreateFromImage(image.ToArray()));
        }

        var own = rest.Where(b => OwningProject(b) is not { } owner || owner == project.Name);
        var (generated, generatorDiagnostics) = Build(id, block is null ? own : own.Append(block), project, references);
        var analyzerDiagnostics = await generated
            .WithAnalyzers(HostFixRunner.Analyzers, new AnalyzerOptions([], new BuildProperties(project.BuildProperties)))
            .GetAnalyzerDiagnosticsAsync();
        return [.. generatorDiagnostics, .. generated.GetDiagnostics(), .. analyzerDiagnostics];
    }

    /// <summary>The compilation of <paramref name="project"/> from the blocks, with the generator's output, and the generator's diagnostics.</summary>
    private static (Compilation Generated, ImmutableArray<Diagnostic> GeneratorDiagnostics) Build(string id, IEnumerable<CodeBlock> blocks, ProjectFile project, IEnumerable<MetadataReference> references)
    {
        var parseOptions = new CSharpParseOptions(project.LanguageVersion);

        // #line maps each diagnostic to its line on the page.
        var trees = blocks
            .Select(b => CSharpSyntaxTree.ParseText($"#line {b.Line + 1} \"{id}.md\"\n{b.Text}", parseOptions, $"{id}.md.{b.Line}.cs"))
            .ToList();
        if (project.ImplicitUsings)
        {
            trees.Insert(0, CSharpSyntaxTree.ParseText(ImplicitUsings, parseOptions, "ImplicitUsings.cs"));
        }

        trees.AddRange(JsonContextStandIns(trees, parseOptions).ToList());
        var isProgram = trees.Any(t => t.GetRoot() is CompilationUnitSyntax unit && unit.Members.OfType<GlobalStatementSyntax>().Any());
        var compilation = CSharpCompilation.Create(
            project.Name,
            trees,
            references,
            new CSharpCompilationOptions(isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        CSharpGeneratorDriver.Create([new FloxideGenerator().AsSourceGenerator()], parseOptions: parseOptions, optionsProvider: new BuildProperties(project.BuildProperties))
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);
        return (generated, generatorDiagnostics);
    }

    /// <summary>The project a block of the rest belongs to when its first line names its file in one, as <c>// MyLib/Orders.cs</c>.</summary>
    private static string? OwningProject(CodeBlock block) =>
        Regex.Match(block.Text.TrimStart(), @"^//\s*([A-Za-z_][\w.]*)/[\w./]+\.cs\b") is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>
    /// What System.Text.Json's source generator, which a real build runs and these tests cannot load, adds to each
    /// <c>partial</c> <c>JsonSerializerContext</c> of the example (pages declare them in the global namespace): enough
    /// members for the class and the code Floxide generates around it to compile.
    /// </summary>
    private static IEnumerable<SyntaxTree> JsonContextStandIns(IEnumerable<SyntaxTree> trees, CSharpParseOptions parseOptions) => trees
        .SelectMany(t => t.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
        .Where(c => c.Modifiers.Any(SyntaxKind.PartialKeyword) && c.BaseList?.Types.Any(b => b.Type.ToString().EndsWith("JsonSerializerContext", StringComparison.Ordinal)) == true)
        .Select(c => CSharpSyntaxTree.ParseText($$"""
            partial class {{c.Identifier.Text}}
            {
                public {{c.Identifier.Text}}() : base(null) { }
                public static {{c.Identifier.Text}} Default { get; } = new();
                protected override global::System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type) => null;
            }
            """, parseOptions, $"{c.Identifier.Text}.JsonStandIn.cs"));

    /// <summary>
    /// Applies the ID's code fix (its first action) to the block's first diagnostic of the ID that has one, again until
    /// none is left, and returns the block's new text.
    /// </summary>
    private static async Task<string> FixAsync(string id, CodeBlock block, IReadOnlyList<CodeBlock> rest)
    {
        using var workspace = new AdhocWorkspace();
        var files = rest.Select(b => ($"Rest{b.Line}.cs", b.Text)).Prepend(("ImplicitUsings.cs", ImplicitUsings)).Append(("Before.cs", block.Text)).ToList();
        var solution = HostFixRunner.CreateSolution(workspace, files);
        var documentId = solution.Projects.Single().Documents.Single(d => d.Name == "Before.cs").Id;
        var analyzers = HostFixRunner.Analyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == id)).ToImmutableArray();
        var fixers = HostFixRunner.Fixers.Where(f => f.FixableDiagnosticIds.Contains(id)).ToList();
        for (var round = 0; round < 10; round++)
        {
            var document = solution.GetDocument(documentId)!;
            var compilation = (await document.Project.GetCompilationAsync())!;
            var tree = await document.GetSyntaxTreeAsync();
            var diagnostics = (await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync())
                .Where(d => d.Id == id && d.Location.SourceTree == tree)
                .OrderBy(d => d.Location.SourceSpan.Start);
            CodeAction? action = null;
            foreach (var diagnostic in diagnostics)
            {
                foreach (var fixer in fixers.Where(_ => action is null))
                {
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => action ??= a, CancellationToken.None));
                }
            }

            if (action is null)
            {
                break;
            }

            var operations = await action.GetOperationsAsync(CancellationToken.None);
            solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        }

        return (await solution.GetDocument(documentId)!.GetTextAsync()).ToString();
    }

    /// <summary>The code without comments, trailing spaces and comment-only lines: a page comments its examples, a fix does not.</summary>
    private static string Normalize(string code) => string.Join("\n", code.ReplaceLineEndings("\n").Split('\n')
        .Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal))
        .Select(line => Regex.Replace(line, @"\s*//.*$", "").TrimEnd()))
        .Trim();

    private static bool IsFloxide(Diagnostic diagnostic) =>
        diagnostic.Id.StartsWith("FLX", StringComparison.Ordinal) && !diagnostic.IsSuppressed && diagnostic.Severity != DiagnosticSeverity.Hidden;

    private static List<string> AllPageIds() =>
        [.. System.IO.Directory.GetFiles(Directory, "FLX*.md").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)];

    private static DiagnosticPage ReadPage(string id) => DiagnosticPage.Parse(id, File.ReadAllText(Path.Combine(Directory, id + ".md")));

    /// <summary>What a page's examples may show besides the page's own diagnostic.</summary>
    /// <param name="AlsoReported">Other IDs (FLX, or a compiler error such as CS0260) its Before blocks report.</param>
    /// <param name="AfterIsNotTheFix">On a page with a code fix, why its first After is not what the fix writes.</param>
    private sealed record Expectation(string[] AlsoReported, string? AfterIsNotTheFix = null)
    {
        public static Expectation None { get; } = new(AlsoReported: []);

        public static Expectation Also(params string[] ids) => new(ids);

        public static Expectation NotTheFix(string reason) => new([], reason);
    }
}
