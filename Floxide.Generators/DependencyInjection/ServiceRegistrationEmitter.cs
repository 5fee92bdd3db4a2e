using System.Linq;
using Floxide.Generators.Helpers;
using Floxide.Generators.Models;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.DependencyInjection;

/// <summary>
/// Writes the assembly's <c>services.AddFloxideNodes()</c> (or the name <see cref="RegistrationMethodName"/> gives): one transient registration per node and workflow, each a
/// factory that calls the constructor with arguments from the container. No reflection, no <c>Activator</c>, nothing
/// for the trimmer to keep: what Native AOT needs.
/// </summary>
internal static class ServiceRegistrationEmitter
{
    /// <summary>The generated file's hint name (one per assembly).</summary>
    public const string HintName = "FloxideNodes.ServiceRegistration.g.cs";

    private const string Provider = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";
    private const string KeyedProvider = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions";
    private const string Services = "global::Microsoft.Extensions.DependencyInjection.IServiceCollection";

    /// <summary>Writes the file for <paramref name="services"/>, ordered by type name so the output is stable.</summary>
    /// <param name="services">The nodes and workflows to register.</param>
    /// <param name="support">What the compilation references.</param>
    /// <param name="methodName">The extension method's name (<see cref="RegistrationMethodName"/>).</param>
    public static string Emit(EquatableArray<ServiceModel> services, DependencyInjectionSupport support, string methodName)
    {
        var generatedCode = GeneratorInfo.GeneratedCodeAttribute;
        var writer = new SourceWriter();
        GeneratedFile.WriteHeader(writer, new EquatableArray<string>(services.SelectMany(s => s.DeprecationIds).Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToArray()));
        writer.Line("namespace Microsoft.Extensions.DependencyInjection");
        using (writer.OpenBlock())
        {
            writer.Lines($$"""
                /// <summary>Registers this assembly's Floxide nodes and workflows with a container, without reflection.</summary>
                {{generatedCode}}
                internal static class FloxideNodesServiceCollectionExtensions
                """);
            using (writer.OpenBlock())
            {
                writer.Lines($$"""
                    /// <summary>
                    /// Registers this assembly's <c>[Node]</c> and <c>[Workflow]</c> types as transient, each created by its constructor
                    /// with every argument resolved from the container{{(support.HasHttpClientFactory ? " (an <c>HttpClient</c> from <c>IHttpClientFactory</c>, the client named after the node type)" : "")}};
                    /// a workflow resolves its steps (a generic node or workflow is registered as each closed type a workflow names for a step).
                    /// Other generic types, types not visible in the whole assembly and nodes without one widest accessible constructor
                    /// are left out. A registration made earlier for the same type wins.
                    /// </summary>
                    /// <param name="services">The service collection.</param>
                    /// <returns><paramref name="services"/>, for chaining.</returns>
                    {{generatedCode}}
                    public static {{Services}} {{methodName}}(this {{Services}} services)
                    """);
                using (writer.OpenBlock())
                {
                    writer.Line("global::System.ArgumentNullException.ThrowIfNull(services);");
                    foreach (var service in services.OrderBy(s => s.TypeName, System.StringComparer.Ordinal))
                    {
                        WriteRegistration(writer, service, support);
                    }

                    writer.Line("return services;");
                }
            }
        }

        return writer.ToString();
    }

    private static void WriteRegistration(SourceWriter writer, ServiceModel service, DependencyInjectionSupport support)
    {
        writer.Line("global::Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAdd(");
        writer.Line("    services,");
        if (service.Arguments.Count == 0)
        {
            writer.Line($"    global::Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Transient<{service.TypeName}>(static provider => new {service.TypeName}()));");
            return;
        }

        writer.Line($"    global::Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Transient<{service.TypeName}>(static provider => new {service.TypeName}(");
        var arguments = service.Arguments.ToArray();
        for (var i = 0; i < arguments.Length; i++)
        {
            var argument = arguments[i];
            var name = argument.Name is null ? "" : argument.Name + ": ";
            var end = i == arguments.Length - 1 ? ")));" : ",";
            var resolved = Resolve(argument, service, support);
            writer.Line($"        {name}{(argument.Default is { } fallback ? resolved + " ?? " + fallback : resolved)}{end}");
        }
    }

    private static string Resolve(ServiceArgument argument, ServiceModel service, DependencyInjectionSupport support) => argument.Key is { } key
        ? argument.Kind switch
        {
            ServiceArgumentKind.Optional => $"{KeyedProvider}.GetKeyedService<{argument.TypeName}>(provider, {key})",
            ServiceArgumentKind.RequiredNullableValue => $"({argument.TypeName}){KeyedProvider}.GetRequiredKeyedService(provider, typeof({argument.TypeName}), {key})",
            _ => $"{KeyedProvider}.GetRequiredKeyedService<{argument.TypeName}>(provider, {key})",
        }
        : argument.Kind switch
        {
            ServiceArgumentKind.HttpClient when support.HasHttpClientFactory =>
                $"{Provider}.GetRequiredService<global::System.Net.Http.IHttpClientFactory>(provider).CreateClient({SymbolDisplay.FormatLiteral(service.SimpleName, quote: true)})",
            ServiceArgumentKind.Optional => $"{Provider}.GetService<{argument.TypeName}>(provider)",
            ServiceArgumentKind.RequiredNullableValue => $"({argument.TypeName}){Provider}.GetRequiredService(provider, typeof({argument.TypeName}))",
            _ => $"{Provider}.GetRequiredService<{argument.TypeName}>(provider)",
        };
}
