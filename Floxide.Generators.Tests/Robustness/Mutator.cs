using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>
/// Breaks valid sources in the ways typing does, deterministically: a fixed seed per source, so the
/// mutant at a given index is the same on every machine and a failure names an input anyone can replay.
/// </summary>
internal static class Mutator
{
    /// <summary>Attribute argument lists of the wrong shape or type, for the Floxide attributes and any other.</summary>
    private static readonly string[] WrongArguments =
    [
        "(MaxDegreeOfParallelism = \"four\")",
        "(MaxDegreeOfParallelism = null)",
        "(MaxDegreeOfParallelism = 2.5)",
        "(MaxDegreeOfParallelism = 1 / 0)",
        "(MaxDegreeOfParallelism = int.MinValue)",
        "(MaxDegreeOfParallelism: 3)",
        "(MaxDegreeOfParallelism = typeof(int))",
        "(Id = 42)",
        "(Id = null)",
        "(Id = \"\")",
        "(Id = typeof(string))",
        "(Id = new[] { \"a\" })",
        "(Id = nameof(Missing))",
        "(1, 2)",
        "(\"x\")",
        "(Unknown = 1)",
        "()",
        "(",
        "(Id = )",
    ];

    /// <summary>
    /// Attribute targets to put on a member's attribute list. <c>field:</c> on a property, an event or a positional
    /// record parameter moves the attribute to a compiler-generated backing field, which generated code cannot name.
    /// </summary>
    private static readonly string[] Targets = ["field", "property", "param"];

    /// <summary>One named, reproducible broken input.</summary>
    /// <param name="Name">Source, mutation kind and index: enough to regenerate it.</param>
    /// <param name="Text">The broken source.</param>
    public sealed record Mutant(string Name, string Text);

    /// <summary>
    /// The mutants of one source: <paramref name="truncations"/> prefixes cut at evenly spread points,
    /// then <paramref name="perKind"/> each of token deletions, token duplications and wrong attribute arguments,
    /// then every untargeted attribute list of a member or parameter with each of <see cref="Targets"/>.
    /// </summary>
    public static IEnumerable<Mutant> Mutate(string name, string source, int seed, int truncations, int perKind)
    {
        var random = new Random(seed);
        for (var i = 1; i <= truncations; i++)
        {
            var cut = (int)((long)source.Length * i / (truncations + 1));
            yield return new Mutant($"{name}/truncate@{cut}", source[..cut]);
        }

        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToArray();
        for (var i = 0; i < perKind; i++)
        {
            // Up to three neighbouring tokens, so half-typed constructs show up too.
            var start = random.Next(tokens.Length);
            var end = Math.Min(tokens.Length - 1, start + random.Next(3));
            var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(tokens[start].SpanStart, tokens[end].Span.End);
            yield return new Mutant($"{name}/delete@{span}", source.Remove(span.Start, span.Length));
        }

        for (var i = 0; i < perKind; i++)
        {
            var token = tokens[random.Next(tokens.Length)];
            yield return new Mutant($"{name}/duplicate@{token.Span}", source.Insert(token.Span.End, " " + token.Text));
        }

        var attributes = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<AttributeSyntax>().ToArray();
        for (var i = 0; i < perKind && attributes.Length > 0; i++)
        {
            var attribute = attributes[random.Next(attributes.Length)];
            var arguments = WrongArguments[random.Next(WrongArguments.Length)];
            var span = attribute.ArgumentList?.Span ?? new Microsoft.CodeAnalysis.Text.TextSpan(attribute.Name.Span.End, 0);
            yield return new Mutant(
                $"{name}/arguments@{span}:{arguments}",
                source.Remove(span.Start, span.Length).Insert(span.Start, arguments));
        }

        var memberLists = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantNodes().OfType<AttributeListSyntax>()
            .Where(list => list.Target is null && list.Parent is (MemberDeclarationSyntax and not BaseTypeDeclarationSyntax) or ParameterSyntax);
        foreach (var list in memberLists)
        {
            foreach (var target in Targets)
            {
                var at = list.OpenBracketToken.Span.End;
                yield return new Mutant($"{name}/target@{list.Span}:{target}", source.Insert(at, target + ": "));
            }
        }
    }
}
