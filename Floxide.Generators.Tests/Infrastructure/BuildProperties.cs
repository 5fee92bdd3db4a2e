using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.Generators.Tests.Infrastructure;

/// <summary>
/// The global analyzer config a build gives the generator and analyzers for a project's compiler-visible MSBuild
/// properties (<c>build_property.Name</c>), for tests that run them as a project with those properties would.
/// </summary>
/// <param name="properties">The properties by MSBuild name, without the <c>build_property.</c> prefix.</param>
internal sealed class BuildProperties(ImmutableDictionary<string, string> properties) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(properties.ToImmutableDictionary(p => "build_property." + p.Key, p => p.Value));

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);

        // Without [NotNullWhen(true)]: the generator assembly's polyfill of it (visible here) and the BCL's would be ambiguous.
#pragma warning disable CS8765
        public override bool TryGetValue(string key, out string? value) => values.TryGetValue(key, out value);
#pragma warning restore CS8765
    }
}
