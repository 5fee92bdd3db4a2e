using System.Collections.Immutable;
using Floxide.CodeFixes.Tests.Verifiers;
using Floxide.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.CodeFixes.Tests.CodeFixes.Host;

/// <summary>
/// Applies Floxide's code fixes the way <c>dotnet format analyzers --diagnostics … --severity info</c> does, in
/// process: for each reported ID in turn it re-runs the analyzers that report that ID, asks the ID's fixers for the
/// first fix of the first diagnostic those analyzers found (which may be of another ID: the host does not filter),
/// and runs that fix's Fix All in solution scope over the ID's diagnostics (a fixer without one is skipped, as the host
/// skips it). The ID's fixers share that one analysis: once one has changed the project, the host's later fixers of the
/// ID find neither the document nor the project their diagnostics came from, and change nothing until the next run
/// (which is why each ID has one fixer: HostFixTests.EachFixableId_HasOneFixer). Passes repeat until nothing changes.
/// </summary>
internal static class HostFixRunner
{
    /// <summary>Every analyzer in Floxide.Generators, found by its <c>[DiagnosticAnalyzer]</c> attribute as a host finds it.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = [.. typeof(FloxideGenerator).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    /// <summary>Every code fix provider in Floxide.CodeFixes.</summary>
    public static ImmutableArray<CodeFixProvider> Fixers { get; } = [.. typeof(DocumentFixer).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(CodeFixProvider)) && !t.IsAbstract)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)];

    /// <summary>Every ID some provider fixes, as the host's <c>--diagnostics</c> list.</summary>
    public static ImmutableArray<string> FixableIds { get; } = [.. Fixers.SelectMany(f => f.FixableDiagnosticIds).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>A solution of one project with the given files, compiled against what the Floxide package brings.</summary>
    public static Solution CreateSolution(AdhocWorkspace workspace, IReadOnlyList<(string Name, string Text)> files)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "App",
            "App",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Preview),
            metadataReferences: FloxideTestReferences.Package));
        foreach (var (name, text) in files)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), name, text, filePath: "/app/" + name);
        }

        return solution;
    }

    /// <summary>
    /// Runs the host's passes until a pass changes nothing. <paramref name="order"/> is the order IDs are fixed in
    /// (IDs not listed go last). The host takes the equivalence key from the first diagnostic its analyzers report, in
    /// no set order: with <paramref name="foreignFirst"/> that is a diagnostic of the ID fixed last among those found
    /// (often another ID than the one being fixed), otherwise one of the ID fixed first.
    /// </summary>
    /// <returns>The fixed solution and how many passes changed something.</returns>
    public static async Task<(Solution Solution, int Passes)> FixToFixedPointAsync(Solution solution, IReadOnlyList<string> order, bool foreignFirst, int maxPasses = 6)
    {
        for (var pass = 0; pass < maxPasses; pass++)
        {
            var next = await RunPassAsync(solution, order, foreignFirst);
            if (!HasChanges(next, solution))
            {
                return (solution, pass);
            }

            solution = next;
        }

        throw new InvalidOperationException($"The fixes did not reach a fixed point in {maxPasses} passes.");
    }

    /// <summary>The project's compilation with the generator's output, and the diagnostics of the compiler and every analyzer.</summary>
    public static async Task<(Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics)> CompileAsync(Solution solution)
    {
        var project = solution.Projects.Single();
        var compilation = (await project.GetCompilationAsync())!;
        CSharpGeneratorDriver.Create(new FloxideGenerator())
            .WithUpdatedParseOptions((CSharpParseOptions)project.ParseOptions!)
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);
        var analyzerDiagnostics = await generated.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync();
        return (generated, [.. generatorDiagnostics, .. generated.GetDiagnostics(), .. analyzerDiagnostics]);
    }

    /// <summary>
    /// One run of the host with <c>--diagnostics</c> listing <paramref name="ids"/> (in the order it fixes them), taking
    /// each key from the first diagnostic of the ID it fixes.
    /// </summary>
    public static Task<Solution> RunOnceAsync(Solution solution, IReadOnlyList<string> ids) => RunPassAsync(solution, ids, foreignFirst: false, onlyListed: true);

    private static async Task<Solution> RunPassAsync(Solution solution, IReadOnlyList<string> order, bool foreignFirst, bool onlyListed = false)
    {
        var reported = (await AnalyzeAsync(solution, Analyzers)).Select(d => d.Id).Distinct()
            .Where(id => !onlyListed || order.Contains(id))
            .OrderBy(id => Rank(order, id))
            .ToList();
        foreach (var id in reported)
        {
            var analyzers = Analyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == id)).ToImmutableArray();
            var result = (await AnalyzeAsync(solution, analyzers)).OrderBy(d => foreignFirst ? -Rank(order, d.Id) : Rank(order, d.Id)).ToList();
            if (result.Count == 0)
            {
                continue;
            }

            var analyzed = solution.Projects.Single();
            foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(id)))
            {
                // As the host: a fixer that changed nothing leaves the solution, and the next fixer its project, as they were.
                var next = await ApplyFixAllAsync(solution, result, analyzed, fixer, id);
                solution = HasChanges(next, solution) ? next : solution;
            }
        }

        return solution;
    }

    /// <summary>
    /// What the host's solution code-fix applier does for one ID and one fixer: nothing when the fixer has no Fix All in
    /// solution scope (the host logs that it cannot fix the ID), else that Fix All. The diagnostics are those of
    /// <paramref name="analyzed"/>: after an earlier fixer of the ID changed it, the host finds no document for the first
    /// diagnostic's tree and stops, and its diagnostic provider, keyed by project, has none for the changed project.
    /// </summary>
    private static async Task<Solution> ApplyFixAllAsync(Solution solution, List<Diagnostic> result, Project analyzed, CodeFixProvider fixer, string id)
    {
        if (fixer.GetFixAllProvider() is not { } fixAllProvider || !fixAllProvider.GetSupportedFixAllScopes().Contains(FixAllScope.Solution))
        {
            return solution;
        }

        var first = result[0];
        if (solution.GetDocument(first.Location.SourceTree) is not { } document)
        {
            return solution;
        }

        CodeAction? action = null;
        var context = new CodeFixContext(document, first, (a, _) => action ??= a, CancellationToken.None);
        await fixer.RegisterCodeFixesAsync(context);

        var fixAllContext = new FixAllContext(
            document, fixer, FixAllScope.Solution, action?.EquivalenceKey!, [id], new Provider(result, analyzed), CancellationToken.None);
        if (await fixAllProvider.GetFixAsync(fixAllContext) is not { } fixAll)
        {
            return solution;
        }

        var operations = await fixAll.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
    }

    /// <summary>Analyzer diagnostics of the fixable IDs, at info severity or above, in the project's own documents.</summary>
    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Solution solution, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var compilation = (await solution.Projects.Single().GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.Where(d => FixableIds.Contains(d.Id) && d.Severity >= DiagnosticSeverity.Info && solution.GetDocument(d.Location.SourceTree) is not null)];
    }

    private static bool HasChanges(Solution next, Solution solution) =>
        next.GetChanges(solution).GetProjectChanges().Any(p => p.GetChangedDocuments().Any());

    private static int Rank(IReadOnlyList<string> order, string id)
    {
        var index = order.ToList().IndexOf(id);
        return index < 0 ? order.Count : index;
    }

    /// <summary>The host's diagnostic provider: the analysis of one project (the host keys it by the project instance).</summary>
    private sealed class Provider(IReadOnlyList<Diagnostic> diagnostics, Project analyzed) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            GetProjectDiagnosticsAsync(project, cancellationToken);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            (await GetProjectDiagnosticsAsync(document.Project, cancellationToken)).Where(d => d.Location.SourceTree?.FilePath == document.FilePath);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(project == analyzed ? diagnostics : []);
    }
}
