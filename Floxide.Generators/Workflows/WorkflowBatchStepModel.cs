namespace Floxide.Generators.Workflows;

/// <summary>What a <c>[BatchStep]</c> changes in the context's default batch options; plain values only.</summary>
/// <param name="MaxDegreeOfParallelism">The step's own limit, or null for the context's default.</param>
/// <param name="ErrorMode">The step's own <c>BatchErrorMode</c> member name, or null for the context's default.</param>
/// <param name="FailureAction">The action the step returns when an item failed, or null for none.</param>
/// <param name="CancellationGracePeriodMs">The step's own grace period in milliseconds (0 for none, -1 for no end), or null for the context's default.</param>
internal sealed record WorkflowBatchStepModel(int? MaxDegreeOfParallelism, string? ErrorMode, string? FailureAction, int? CancellationGracePeriodMs);
