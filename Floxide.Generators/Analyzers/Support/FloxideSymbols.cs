using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Analyzers.Support;

/// <summary>
/// The Floxide and BCL types the analyzers compare against, looked up once per compilation.
/// </summary>
internal sealed class FloxideSymbols
{
    private FloxideSymbols(Compilation compilation, INamedTypeSymbol batchContextAttribute, INamedTypeSymbol nodeAttribute)
    {
        Compilation = compilation;
        BatchContextAttribute = batchContextAttribute;
        NodeAttribute = nodeAttribute;
        BatchItemsAttribute = compilation.GetTypeByMetadataName("Floxide.BatchItemsAttribute");
        BatchItemAttribute = compilation.GetTypeByMetadataName("Floxide.BatchItemAttribute");
        SharedAttribute = compilation.GetTypeByMetadataName("Floxide.SharedAttribute");
        PerItemAttribute = compilation.GetTypeByMetadataName("Floxide.PerItemAttribute");
        ItemOutputAttribute = compilation.GetTypeByMetadataName("Floxide.ItemOutputAttribute");
        BatchOutputsAttribute = compilation.GetTypeByMetadataName("Floxide.BatchOutputsAttribute");
        INode = compilation.GetTypeByMetadataName("Floxide.INode`1");
        NodeAction = compilation.GetTypeByMetadataName("Floxide.NodeAction");
        BatchOptions = compilation.GetTypeByMetadataName("Floxide.BatchOptions");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        IEnumerableOfT = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        IAsyncEnumerableOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
        ICollectionOfT = compilation.GetSpecialType(SpecialType.System_Collections_Generic_ICollection_T);
        NonGenericICollection = compilation.GetTypeByMetadataName("System.Collections.ICollection");
        NonGenericIList = compilation.GetTypeByMetadataName("System.Collections.IList");
        PriorityQueue = compilation.GetTypeByMetadataName("System.Collections.Generic.PriorityQueue`2");
        NonGenericIDictionary = compilation.GetTypeByMetadataName("System.Collections.IDictionary");
        StringBuilder = compilation.GetTypeByMetadataName("System.Text.StringBuilder");
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol BatchContextAttribute { get; }

    public INamedTypeSymbol NodeAttribute { get; }

    public INamedTypeSymbol? BatchItemsAttribute { get; }

    public INamedTypeSymbol? BatchItemAttribute { get; }

    public INamedTypeSymbol? SharedAttribute { get; }

    public INamedTypeSymbol? PerItemAttribute { get; }

    public INamedTypeSymbol? ItemOutputAttribute { get; }

    public INamedTypeSymbol? BatchOutputsAttribute { get; }

    public INamedTypeSymbol? INode { get; }

    public INamedTypeSymbol? NodeAction { get; }

    public INamedTypeSymbol? BatchOptions { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol IEnumerableOfT { get; }

    public INamedTypeSymbol? IAsyncEnumerableOfT { get; }

    public INamedTypeSymbol ICollectionOfT { get; }

    public INamedTypeSymbol? NonGenericICollection { get; }

    public INamedTypeSymbol? NonGenericIList { get; }

    public INamedTypeSymbol? PriorityQueue { get; }

    public INamedTypeSymbol? NonGenericIDictionary { get; }

    public INamedTypeSymbol? StringBuilder { get; }

    /// <summary>Looks the symbols up; null when the compilation does not reference Floxide (nothing to analyze).</summary>
    public static FloxideSymbols? Create(Compilation compilation)
    {
        var batchContext = compilation.GetTypeByMetadataName("Floxide.BatchContextAttribute");
        var node = compilation.GetTypeByMetadataName("Floxide.NodeAttribute");
        return batchContext is null || node is null ? null : new FloxideSymbols(compilation, batchContext, node);
    }

    /// <summary>Whether <paramref name="symbol"/> carries the attribute <paramref name="attribute"/>.</summary>
    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute) => FindAttribute(symbol, attribute) is not null;

    /// <summary>The first application of <paramref name="attribute"/> on <paramref name="symbol"/>, if any.</summary>
    public static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the member was added by the Floxide generator (it marks every member it emits with
    /// <c>[GeneratedCode("Floxide.Generators", ...)]</c>). The analyzers see the generated part of a type, and
    /// must not mistake its constructor, <c>Id</c> or <c>LastBatch</c> for the user's.
    /// </summary>
    public static bool IsGeneratedByFloxide(ISymbol member)
    {
        foreach (var data in member.GetAttributes())
        {
            if (data.AttributeClass is { Name: "GeneratedCodeAttribute" }
                && data.ConstructorArguments.Length > 0
                && data.ConstructorArguments[0].Value is string tool
                && tool == GeneratorInfo.ToolName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the type is a node, a batch context, or neither.</summary>
    public bool IsFloxideType(INamedTypeSymbol type) => HasAttribute(type, BatchContextAttribute) || HasAttribute(type, NodeAttribute);
}
