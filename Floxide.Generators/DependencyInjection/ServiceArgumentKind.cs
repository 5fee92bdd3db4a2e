namespace Floxide.Generators.DependencyInjection;

/// <summary>How a constructor argument is resolved from the container.</summary>
internal enum ServiceArgumentKind
{
    /// <summary><c>GetRequiredService&lt;T&gt;()</c>: the container must have it.</summary>
    Required,

    /// <summary>
    /// A <c>T?</c> value type without a default, which the container must have: <c>(T?)GetRequiredService(typeof(T?))</c>, as
    /// <c>GetRequiredService&lt;T?&gt;()</c> breaks its <c>notnull</c> constraint (CS8714, an error where warnings are).
    /// </summary>
    RequiredNullableValue,

    /// <summary><c>GetService&lt;T&gt;()</c>: an optional parameter of a type that can be null.</summary>
    Optional,

    /// <summary>An <c>HttpClient</c>: from <c>IHttpClientFactory</c> when the compilation has it, named after the node type.</summary>
    HttpClient,
}
