namespace Floxide.Generators.DependencyInjection;

/// <summary>How a constructor argument is resolved from the container.</summary>
internal enum ServiceArgumentKind
{
    /// <summary><c>GetRequiredService&lt;T&gt;()</c>: the container must have it.</summary>
    Required,

    /// <summary><c>GetService&lt;T&gt;()</c>: an optional parameter of a type that can be null.</summary>
    Optional,

    /// <summary>An <c>HttpClient</c>: from <c>IHttpClientFactory</c> when the compilation has it, named after the node type.</summary>
    HttpClient,
}
