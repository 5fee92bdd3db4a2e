using global::Orleans;

namespace Floxide.Orleans;

/// <summary>What a silo sends back for one item attempt.</summary>
[GenerateSerializer, Immutable, Alias("Floxide.Orleans.ItemReply")]
internal sealed class ItemReply
{
    /// <summary>Gets how the attempt ended.</summary>
    [Id(0)]
    public ItemOutcome Outcome { get; init; }

    /// <summary>Gets the mapping's reply; null when the item context could not be built.</summary>
    [Id(1)]
    public object? Reply { get; init; }

    /// <summary>Gets the name of the action that ended the workflow, when it succeeded.</summary>
    [Id(2)]
    public string? Action { get; init; }

    /// <summary>Gets the id of the step that failed, when known.</summary>
    [Id(3)]
    public string? FailedStepId { get; init; }

    /// <summary>Gets the full name of the failing exception's type.</summary>
    [Id(4)]
    public string? ErrorType { get; init; }

    /// <summary>Gets the failing exception's message.</summary>
    [Id(5)]
    public string? ErrorMessage { get; init; }

    /// <summary>Gets the failing exception's text (type, message, stack trace, inner exceptions) on the silo.</summary>
    [Id(6)]
    public string? ErrorDetails { get; init; }

    /// <summary>Gets the silo the attempt ran on.</summary>
    [Id(7)]
    public required string Silo { get; init; }
}
