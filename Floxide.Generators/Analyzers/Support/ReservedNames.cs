namespace Floxide.Generators.Analyzers.Support;

/// <summary>The member names the generator adds, which a user type must not declare (mirrors the parsers' lists).</summary>
internal static class ReservedNames
{
    /// <summary>The members the generator adds to a <c>[Node]</c> type.</summary>
    public static readonly string[] Node = ["Id", "RunAsync"];

    /// <summary>The members the generator adds to a <c>[BatchContext]</c> type.</summary>
    public static readonly string[] BatchContext = ["LastBatch", "DefaultBatchOptions", "CreateBatchNode", "CreateBatchFlow"];
}
