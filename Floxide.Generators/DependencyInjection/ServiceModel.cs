using Floxide.Generators.Models;

namespace Floxide.Generators.DependencyInjection;

/// <summary>
/// How the generated <c>AddFloxideNodes()</c> registers one <c>[Node]</c> or <c>[Workflow]</c> type: the constructor
/// call, with every argument resolved from the container. Plain values only.
/// </summary>
/// <param name="TypeName">The type, fully qualified.</param>
/// <param name="SimpleName">The type's simple name: the name of the <c>HttpClient</c> it gets from <c>IHttpClientFactory</c>.</param>
/// <param name="Arguments">The constructor's arguments, in order.</param>
/// <param name="DeprecationIds">The IDs of the obsolete and experimental APIs the registration names, which the file silences (<see cref="Helpers.DeprecationIds"/>).</param>
internal sealed record ServiceModel(string TypeName, string SimpleName, EquatableArray<ServiceArgument> Arguments, EquatableArray<string> DeprecationIds);
