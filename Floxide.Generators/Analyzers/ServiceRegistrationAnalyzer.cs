using System.Collections.Immutable;
using System.Linq;
using Floxide.Generators.DependencyInjection;
using Floxide.Generators.Diagnostics;
using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Analyzers;

/// <summary>
/// FLX0201 and FLX0202: the generated node registration. FLX0201 when this compilation's generated registration meets
/// another assembly's of the same name that it can see (through <c>InternalsVisibleTo</c>), which makes every call to it
/// ambiguous; FLX0202 when the MSBuild property naming the method is not an identifier. Both are about the project, not
/// a declaration: reported once, at the end of the compilation, without a location.
/// </summary>
/// <remarks>
/// The compilation analyzers see holds the generated code (in a build and in the IDE), so the registration this project
/// generates is read from it, as the compiler will bind it: no rule about when it is generated is repeated here.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServiceRegistrationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.RegistrationMethodClash, DiagnosticDescriptors.RegistrationMethodNameInvalid);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationAction(Analyze);
    }

    private static void Analyze(CompilationAnalysisContext context)
    {
        if (context.Compilation.GetTypeByMetadataName(FloxideNames.Attributes.Node) is null)
        {
            return;
        }

        var configured = RegistrationMethodName.Configured(context.Options.AnalyzerConfigOptionsProvider.GlobalOptions);
        if (configured is not null && !RegistrationMethodName.IsValid(configured))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RegistrationMethodNameInvalid, Location.None, configured));
            return;
        }

        var compilation = context.Compilation;
        if (compilation.Assembly.GetTypeByMetadataName(RegistrationMethodName.ClassMetadataName) is not { } generated)
        {
            return;
        }

        var names = generated.GetMembers().OfType<IMethodSymbol>()
            .Where(m => m.IsExtensionMethod && GeneratorInfo.IsGenerated(m))
            .Select(m => m.Name)
            .ToImmutableHashSet();
        if (names.IsEmpty)
        {
            return;
        }

        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols.OrderBy(a => a.Name, System.StringComparer.Ordinal))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (assembly.GetTypeByMetadataName(RegistrationMethodName.ClassMetadataName) is not { } other
                || !compilation.IsSymbolAccessibleWithin(other, compilation.Assembly))
            {
                continue;
            }

            foreach (var name in names.OrderBy(n => n, System.StringComparer.Ordinal))
            {
                if (other.GetMembers(name).Any(m => m is IMethodSymbol { IsExtensionMethod: true } && compilation.IsSymbolAccessibleWithin(m, compilation.Assembly)))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RegistrationMethodClash, Location.None, name, assembly.Name));
                }
            }
        }
    }
}
