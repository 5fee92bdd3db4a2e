namespace Floxide.Generators.DependencyInjection;

/// <summary>One constructor argument of a registered type; plain values only.</summary>
/// <param name="Name">The parameter's name as an identifier, for a named argument; null for a positional one.</param>
/// <param name="TypeName">The parameter's type, fully qualified, without a nullable annotation.</param>
/// <param name="Kind">How it is resolved.</param>
/// <param name="Key">The key of a <c>[FromKeyedServices(key)]</c> parameter, as a C# expression; null for an unkeyed one.</param>
/// <param name="Default">
/// The default value of an optional parameter whose default is not null, as a C# expression, used when the container has
/// no such service (as its own activation does); null otherwise.
/// </param>
internal sealed record ServiceArgument(string? Name, string TypeName, ServiceArgumentKind Kind, string? Key = null, string? Default = null);
