namespace Floxide;

/// <summary>Names the step a <c>[Workflow]</c> starts with; a workflow has exactly one.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class StartAttribute : Attribute
{
    /// <summary>Declares the start step.</summary>
    /// <param name="step">The <c>[Node]</c> or <c>[Workflow]</c> type that runs first.</param>
    public StartAttribute(Type step) => Step = step;

    /// <summary>Gets the step that runs first.</summary>
    public Type Step { get; }
}
