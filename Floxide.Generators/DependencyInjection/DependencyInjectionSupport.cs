using Microsoft.CodeAnalysis;

namespace Floxide.Generators.DependencyInjection;

/// <summary>
/// What the compilation references, reduced to two flags before it meets the models: the registration is emitted
/// only where <c>IServiceCollection</c> exists (so a project without dependency injection still compiles), and
/// <c>HttpClient</c> parameters come from <c>IHttpClientFactory</c> only where that exists.
/// </summary>
/// <param name="HasServiceCollection">Microsoft.Extensions.DependencyInjection.Abstractions is referenced.</param>
/// <param name="HasHttpClientFactory">Microsoft.Extensions.Http (<c>System.Net.Http.IHttpClientFactory</c>) is referenced.</param>
internal readonly record struct DependencyInjectionSupport(bool HasServiceCollection, bool HasHttpClientFactory)
{
    public const string ServiceCollectionMetadataName = "Microsoft.Extensions.DependencyInjection.IServiceCollection";
    public const string HttpClientFactoryMetadataName = "System.Net.Http.IHttpClientFactory";

    /// <summary>Reads the flags from <paramref name="compilation"/>.</summary>
    public static DependencyInjectionSupport From(Compilation compilation) => new(
        compilation.GetTypeByMetadataName(ServiceCollectionMetadataName) is not null,
        compilation.GetTypeByMetadataName(HttpClientFactoryMetadataName) is not null);
}
