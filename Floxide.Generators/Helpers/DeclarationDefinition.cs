using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Helpers;

/// <summary>
/// What every reader's definition shares: the declared type and the rules it breaks, as diagnostics the analyzer
/// reports. Holds symbols and locations, so a definition never enters a pipeline step: only its model does.
/// </summary>
internal abstract class DeclarationDefinition
{
    protected DeclarationDefinition(INamedTypeSymbol type) => Type = type;

    /// <summary>The declared type.</summary>
    public INamedTypeSymbol Type { get; }

    /// <summary>The rules broken, as diagnostics ready to report.</summary>
    public List<Diagnostic> Problems { get; } = [];

    /// <summary>Where the type is declared: problems with no place of their own are reported there.</summary>
    public Location? Location => Type.Locations.FirstOrDefault();

    /// <summary>Whether no broken rule is an error.</summary>
    protected bool HasNoErrors => Problems.All(p => p.Severity != DiagnosticSeverity.Error);

    /// <summary>Records a broken rule at <paramref name="location"/>, or at the type when that is unknown.</summary>
    public void Report(DiagnosticDescriptor descriptor, Location? location, params object?[] messageArgs) =>
        Problems.Add(Diagnostic.Create(descriptor, location ?? Location, messageArgs));

    /// <summary>
    /// Records a broken rule at <paramref name="location"/> (or at the type), with <paramref name="properties"/> for the
    /// code fix that reads them.
    /// </summary>
    public void Report(DiagnosticDescriptor descriptor, Location? location, ImmutableDictionary<string, string?> properties, params object?[] messageArgs) =>
        Problems.Add(Diagnostic.Create(descriptor, location ?? Location, properties, messageArgs));
}
