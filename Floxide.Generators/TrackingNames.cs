namespace Floxide.Generators;

/// <summary>
/// The names of the generator's pipeline steps, passed to <c>WithTrackingName</c> so tests (and
/// anyone profiling a build) can see which steps ran and whether their outputs were reused.
/// </summary>
public static class TrackingNames
{
    /// <summary>Each <c>[BatchContext]</c> type parsed to a model, or to null when it is invalid.</summary>
    public const string BatchContextModels = "Floxide.BatchContextModels";

    /// <summary>The valid <c>[BatchContext]</c> models, the input of emission.</summary>
    public const string ValidBatchContexts = "Floxide.ValidBatchContexts";

    /// <summary>Each <c>[Node]</c> type parsed to a model, or to null when it is invalid.</summary>
    public const string NodeModels = "Floxide.NodeModels";

    /// <summary>The valid <c>[Node]</c> models, the input of emission.</summary>
    public const string ValidNodes = "Floxide.ValidNodes";

    /// <summary>Each <c>[Workflow]</c> type parsed to a model, or to null when it is invalid.</summary>
    public const string WorkflowModels = "Floxide.WorkflowModels";

    /// <summary>The valid <c>[Workflow]</c> models, the input of emission.</summary>
    public const string ValidWorkflows = "Floxide.ValidWorkflows";

    /// <summary>The metadata names of <c>[BatchContext]</c> types that collide ignoring case (their files get a suffix).</summary>
    public const string BatchContextHintCollisions = "Floxide.BatchContextHintCollisions";

    /// <summary>The metadata names of <c>[Node]</c> types that collide ignoring case.</summary>
    public const string NodeHintCollisions = "Floxide.NodeHintCollisions";

    /// <summary>The metadata names of <c>[Workflow]</c> types that collide ignoring case.</summary>
    public const string WorkflowHintCollisions = "Floxide.WorkflowHintCollisions";

    /// <summary>Whether the compilation references dependency injection (and the HttpClient factory): two flags.</summary>
    public const string DependencyInjectionSupport = "Floxide.DependencyInjectionSupport";

    /// <summary>The registrations of every node and workflow, with the support flags: the input of <c>AddFloxideNodes()</c>.</summary>
    public const string ServiceRegistrations = "Floxide.ServiceRegistrations";

    /// <summary>The registration method's name from the MSBuild property <c>FloxideAddNodesMethodName</c> (null when invalid).</summary>
    public const string ServiceRegistrationMethodName = "Floxide.ServiceRegistrationMethodName";
}
