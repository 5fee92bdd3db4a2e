namespace Floxide.Generators.Tests.Robustness;

/// <summary>A <see cref="ValidProgram"/> as source text.</summary>
/// <param name="Program">The user's code: declarations only, so it compiles without the generated code.</param>
/// <param name="Runner">A partial part of the context that runs one batch over it and returns what went wrong, or an empty string.</param>
/// <param name="AnnotatedTypes">How many <c>[BatchContext]</c>, <c>[Node]</c> and <c>[Workflow]</c> types the program declares: each gets one generated file.</param>
internal sealed record WrittenProgram(string Program, string Runner, int AnnotatedTypes);
