using Microsoft.CodeAnalysis;

namespace Floxide.Generators;

/// <summary>
/// The Floxide incremental generator: implements the runtime contracts for <c>[BatchContext]</c>
/// and <c>[Node]</c> partial types.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FloxideGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Placeholder: the pipelines land in the next commits.
    }
}
