namespace Floxide.Generators.Tests.Robustness;

/// <summary>What the generator and the analyzers did with one mutant.</summary>
/// <param name="Name">The mutant's name (source, kind and position), enough to regenerate it.</param>
/// <param name="Parses">Whether the mutant has no syntax error.</param>
/// <param name="Failures">Exceptions the generator, an analyzer or the harness threw; empty when all is well.</param>
/// <param name="GeneratedErrors">Errors in generated files; only collected when <paramref name="Parses"/>.</param>
internal sealed record MutantOutcome(string Name, bool Parses, IReadOnlyList<string> Failures, IReadOnlyList<string> GeneratedErrors);
