using Floxide.Generators.Names;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Analyzers.Support;

/// <summary>
/// The runtime and BCL types the analyzers compare against, looked up once per compilation. (Floxide's
/// attributes are recognised by name, through <see cref="FloxideAttributes"/>, as the generator does.)
/// </summary>
internal sealed class FloxideSymbols
{
    private FloxideSymbols(Compilation compilation)
    {
        Compilation = compilation;
        INode = compilation.GetTypeByMetadataName(FloxideNames.Types.INode);
        NodeAction = compilation.GetTypeByMetadataName(FloxideNames.Types.NodeAction);
        BatchOptions = compilation.GetTypeByMetadataName(FloxideNames.Types.BatchOptions);
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol? INode { get; }

    public INamedTypeSymbol? NodeAction { get; }

    public INamedTypeSymbol? BatchOptions { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    /// <summary>Looks the symbols up; null when the compilation does not reference Floxide (nothing to analyze).</summary>
    public static FloxideSymbols? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName(FloxideNames.Attributes.BatchContext) is null || compilation.GetTypeByMetadataName(FloxideNames.Attributes.Node) is null
            ? null
            : new FloxideSymbols(compilation);

    /// <summary>Whether the type is a node, a batch context, or neither.</summary>
    public static bool IsFloxideType(INamedTypeSymbol type) =>
        FloxideAttributes.Has(type, FloxideNames.Attributes.BatchContext) || FloxideAttributes.Has(type, FloxideNames.Attributes.Node);
}
