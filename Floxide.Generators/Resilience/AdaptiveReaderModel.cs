namespace Floxide.Generators.Resilience;

/// <summary>
/// A reader method that <c>[AdaptiveConcurrency]</c> names, as generated code spells it: strings only, so the model
/// stays equatable and no symbol enters the pipeline.
/// </summary>
internal sealed record AdaptiveReaderModel
{
    /// <summary>
    /// The type that declares the method, fully qualified with <c>global::</c> (<c>nameof(Type.Method)</c>); null for a
    /// method of the context, named bare, which the generated code qualifies with the context itself.
    /// </summary>
    public required string? DeclaringType { get; init; }

    /// <summary>The method's name, spelled as an identifier (<c>@checked</c>).</summary>
    public required string Method { get; init; }
}
