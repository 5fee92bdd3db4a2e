namespace Floxide.Generators.Names;

/// <summary>
/// Every name the generator and the analyzers look for in user code: the runtime's attributes and types by
/// metadata name, the attributes' named arguments, and the members the generator adds. Nothing else spells them.
/// </summary>
internal static class FloxideNames
{
    /// <summary>The runtime's namespace, which holds every attribute and type below.</summary>
    public const string Namespace = "Floxide";

    /// <summary>Metadata names of the runtime's attributes.</summary>
    public static class Attributes
    {
        /// <summary><c>[BatchContext]</c>.</summary>
        public const string BatchContext = "Floxide.BatchContextAttribute";

        /// <summary><c>[Node]</c>.</summary>
        public const string Node = "Floxide.NodeAttribute";

        /// <summary><c>[Workflow]</c>.</summary>
        public const string Workflow = "Floxide.WorkflowAttribute";

        /// <summary><c>[BatchItems]</c>: the items a batch runs over.</summary>
        public const string BatchItems = "Floxide.BatchItemsAttribute";

        /// <summary><c>[BatchItem]</c>: the slot an item context receives its item in.</summary>
        public const string BatchItem = "Floxide.BatchItemAttribute";

        /// <summary><c>[ItemOutput]</c>: what one item produces.</summary>
        public const string ItemOutput = "Floxide.ItemOutputAttribute";

        /// <summary><c>[ItemKey]</c>: the member of an item type that identifies it in a durable batch.</summary>
        public const string ItemKey = "Floxide.ItemKeyAttribute";

        /// <summary><c>[BatchOutputs]</c>: the collection the items' outputs are merged into.</summary>
        public const string BatchOutputs = "Floxide.BatchOutputsAttribute";

        /// <summary><c>[Shared]</c>: one instance every item context shares, on purpose.</summary>
        public const string Shared = "Floxide.SharedAttribute";

        /// <summary><c>[PerItem]</c>: a fresh instance per item context.</summary>
        public const string PerItem = "Floxide.PerItemAttribute";

        /// <summary><c>[Start]</c> of a workflow.</summary>
        public const string Start = "Floxide.StartAttribute";

        /// <summary><c>[Route]</c> of a workflow.</summary>
        public const string Route = "Floxide.RouteAttribute";

        /// <summary><c>[Fallback]</c> of a workflow.</summary>
        public const string Fallback = "Floxide.FallbackAttribute";

        /// <summary><c>[EndOn]</c> of a workflow.</summary>
        public const string EndOn = "Floxide.EndOnAttribute";

        /// <summary><c>[BatchStep]</c> of a workflow.</summary>
        public const string BatchStep = "Floxide.BatchStepAttribute";

        /// <summary><c>[Retry]</c> on a <c>[BatchContext]</c> (item level) or a <c>[Node]</c> (step level).</summary>
        public const string Retry = "Floxide.RetryAttribute";

        /// <summary><c>[Timeout]</c> on a <c>[BatchContext]</c> or a <c>[Node]</c>.</summary>
        public const string Timeout = "Floxide.TimeoutAttribute";

        /// <summary><c>[RateLimit]</c> on a <c>[BatchContext]</c> or a <c>[Node]</c>.</summary>
        public const string RateLimit = "Floxide.RateLimitAttribute";

        /// <summary><c>[ConcurrencyLimit]</c> on a <c>[Node]</c>.</summary>
        public const string ConcurrencyLimit = "Floxide.ConcurrencyLimitAttribute";

        /// <summary><c>[AdaptiveConcurrency]</c> on a <c>[BatchContext]</c>.</summary>
        public const string AdaptiveConcurrency = "Floxide.AdaptiveConcurrencyAttribute";
    }

    /// <summary>The attributes' named arguments.</summary>
    public static class Arguments
    {
        /// <summary><c>Id</c> of <c>[Node]</c>, <c>[Workflow]</c> and <c>[BatchStep]</c>.</summary>
        public const string Id = "Id";

        /// <summary><c>MaxDegreeOfParallelism</c> of <c>[BatchContext]</c> and <c>[BatchStep]</c> (and of <c>BatchOptions</c>).</summary>
        public const string MaxDegreeOfParallelism = "MaxDegreeOfParallelism";

        /// <summary><c>CancellationGracePeriodMs</c> of <c>[BatchContext]</c> and <c>[BatchStep]</c> (<c>BatchOptions.CancellationGracePeriod</c>).</summary>
        public const string CancellationGracePeriodMs = "CancellationGracePeriodMs";

        /// <summary><c>KeepResults</c> of <c>[BatchContext]</c>.</summary>
        public const string KeepResults = "KeepResults";

        /// <summary><c>DurableJson</c> of <c>[BatchContext]</c>.</summary>
        public const string DurableJson = "DurableJson";

        /// <summary><c>MaxSteps</c> of <c>[Workflow]</c>.</summary>
        public const string MaxSteps = "MaxSteps";

        /// <summary><c>ErrorMode</c> of <c>[BatchStep]</c>.</summary>
        public const string ErrorMode = "ErrorMode";

        /// <summary><c>FailureAction</c> of <c>[BatchStep]</c>.</summary>
        public const string FailureAction = "FailureAction";

        /// <summary><c>MaxAttempts</c> of <c>[Retry]</c>.</summary>
        public const string MaxAttempts = "MaxAttempts";

        /// <summary><c>DelayMs</c> of <c>[Retry]</c>.</summary>
        public const string DelayMs = "DelayMs";

        /// <summary><c>Backoff</c> of <c>[Retry]</c>.</summary>
        public const string Backoff = "Backoff";

        /// <summary><c>Jitter</c> of <c>[Retry]</c>.</summary>
        public const string Jitter = "Jitter";

        /// <summary><c>On</c> of <c>[Retry]</c>: the exception types retried.</summary>
        public const string On = "On";

        /// <summary><c>Ms</c> of <c>[Timeout]</c>.</summary>
        public const string Ms = "Ms";

        /// <summary><c>PermitsPerSecond</c> of <c>[RateLimit]</c>.</summary>
        public const string PermitsPerSecond = "PermitsPerSecond";

        /// <summary><c>PermitLimit</c> of <c>[ConcurrencyLimit]</c>.</summary>
        public const string PermitLimit = "PermitLimit";

        /// <summary><c>InitialLevel</c> of <c>[AdaptiveConcurrency]</c>.</summary>
        public const string InitialLevel = "InitialLevel";

        /// <summary><c>MinimumLevel</c> of <c>[AdaptiveConcurrency]</c>.</summary>
        public const string MinimumLevel = "MinimumLevel";

        /// <summary><c>DecreaseFactor</c> of <c>[AdaptiveConcurrency]</c>.</summary>
        public const string DecreaseFactor = "DecreaseFactor";

        /// <summary><c>LatencyThresholdMs</c> of <c>[AdaptiveConcurrency]</c>.</summary>
        public const string LatencyThresholdMs = "LatencyThresholdMs";

        /// <summary><c>IsThrottled</c> of <c>[AdaptiveConcurrency]</c>: the name of the context's classifier.</summary>
        public const string IsThrottled = "IsThrottled";

        /// <summary><c>UseBuiltInSignals</c> of <c>[AdaptiveConcurrency]</c>.</summary>
        public const string UseBuiltInSignals = "UseBuiltInSignals";

        /// <summary><c>RetryAfter</c> of <c>[AdaptiveConcurrency]</c>: the name of the context's wait reader.</summary>
        public const string RetryAfter = "RetryAfter";
    }

    /// <summary>Metadata names of the runtime types the rules compare against.</summary>
    public static class Types
    {
        /// <summary><c>INode&lt;TContext&gt;</c>.</summary>
        public const string INode = "Floxide.INode`1";

        /// <summary><c>NodeAction</c>.</summary>
        public const string NodeAction = "Floxide.NodeAction";

        /// <summary><c>BatchOptions</c>.</summary>
        public const string BatchOptions = "Floxide.BatchOptions";

        /// <summary><c>IStreamingBatchContext&lt;TContext, TItem&gt;</c>.</summary>
        public const string IStreamingBatchContext = "Floxide.IStreamingBatchContext`2";
    }

    /// <summary>The members the generator adds, which a user type must neither declare nor inherit.</summary>
    public static class ReservedMembers
    {
        /// <summary>Added to a <c>[Node]</c> type.</summary>
        public static readonly string[] Node = ["Id", "RunAsync"];

        /// <summary>The private method, added with [Retry], [Timeout] or [RateLimit] to a <c>[Node]</c> or <c>[BatchContext]</c> (or [ConcurrencyLimit] to a <c>[Node]</c>), that builds its pipeline.</summary>
        public const string BuildResilience = "__FloxideBuildResilience";

        /// <summary>The private field, added with [Retry], [Timeout], [RateLimit] or [ConcurrencyLimit] to a <c>[Node]</c>, that holds its pipeline.</summary>
        public const string NodeResiliencePipeline = "__FloxideResilience";

        /// <summary>The private method, added with [Retry], [Timeout], [RateLimit] or [ConcurrencyLimit] to a <c>[Node]</c>, that runs one attempt.</summary>
        public const string NodeRunOnce = "__FloxideRunOnceAsync";

        /// <summary>
        /// The private helpers added to a <c>[Node]</c> with resilience attributes. Only a member the type declares can clash
        /// with them (a base class's private one is out of sight), so they are not looked for in base classes.
        /// </summary>
        public static readonly string[] NodeHelpers = [BuildResilience, NodeResiliencePipeline, NodeRunOnce];

        /// <summary>The private helper added to a <c>[BatchContext]</c> with resilience attributes; see <see cref="NodeHelpers"/>.</summary>
        public static readonly string[] BatchContextHelpers = [BuildResilience];

        /// <summary>Added to a <c>[BatchContext]</c> type.</summary>
        public static readonly string[] BatchContext = ["LastBatch", "DefaultBatchOptions", "CreateBatchNode", "CreateBatchFlow"];

        /// <summary>
        /// The partial-method hooks added to a <c>[BatchContext]</c> type. The user is meant to implement them, as those partial
        /// methods: only another member of the same name, declared or inherited, clashes.
        /// </summary>
        public static readonly string[] BatchContextHooks = ["OnItemContextCreated", "OnBatchCompleted"];

        /// <summary>The hook that sees each run of results as it is merged; see <see cref="StreamingBatchContextHooks"/>.</summary>
        public const string ResultsMergedHook = "OnResultsMerged";

        /// <summary>The hook added, besides <see cref="BatchContextHooks"/>, to a <c>[BatchContext]</c> that merges results as they arrive (no <c>KeepResults</c>).</summary>
        public static readonly string[] StreamingBatchContextHooks = [ResultsMergedHook];

        /// <summary>Added, besides <see cref="BatchContext"/>, to a <c>[BatchContext(DurableJson = ...)]</c> type.</summary>
        public static readonly string[] DurableBatchContext = ["DurableCodec", "CreateDurableRun", "FloxideDurableCodec"];

        /// <summary>The public members added to a <c>[Workflow]</c> type, which a class deriving from it inherits.</summary>
        public static readonly string[] WorkflowPublic = ["Id", "RunAsync", "MaxSteps", "Mermaid", "Dot"];

        /// <summary>Added to a <c>[Workflow]</c> type: its public members, then the executor's private helpers.</summary>
        public static readonly string[] Workflow = [.. WorkflowPublic, "ResumeAsync", "RunTracedAsync", "Next", "StepId", "StepSpanName"];
    }

    /// <summary>The names a <c>[Node]</c>'s process method may have.</summary>
    public static readonly string[] ProcessMethods = ["Process", "ProcessAsync"];
}
