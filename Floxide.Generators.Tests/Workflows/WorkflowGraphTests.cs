using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Tests.Workflows;

/// <summary>
/// The generated <c>Mermaid</c> and <c>Dot</c> constants keep their shape whatever a step's id or an action holds: a line
/// break, a quote, <c>%%</c> or <c>#</c> in them is written as an escape, never as the text that would end a label or a
/// comment; and both name the actions every step ends on.
/// </summary>
public sealed class WorkflowGraphTests
{
    private const string Template = """
        using Floxide;

        namespace Graphs;

        public sealed class Parcel { }

        [Node(Id = "FIRST")] public partial class First { public NodeAction Process(Parcel p) => "ACTION"; }
        [Node] public partial class Second { public void Process(Parcel p) { } }

        [Workflow(typeof(Parcel), Id = "graph")]
        [Start(typeof(First))]
        [Route(typeof(First), "ACTION", typeof(Second))]
        [EndOn("TERMINAL")]
        public partial class Graph { }
        """;

    public static TheoryData<string> Texts => new()
    {
        "a\\nb",
        "a\\r\\nb",
        "a\\n%% b",
        "a\\u2028b",
        "a\\u2029b",
        "say \\\"hi\\\"",
        "#quot;",
        "100% %% done",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void OddTextInIdsAndActionsKeepsEveryLineOfTheGraph(string text)
    {
        var plain = MermaidOf(Template);
        var odd = MermaidOf(Template.Replace("FIRST", text).Replace("ACTION", text + " route").Replace("TERMINAL", text + " end"));

        var plainLines = Lines(plain);
        var oddLines = Lines(odd);
        Assert.Equal(plainLines.Length, oddLines.Length);
        for (var i = 0; i < plainLines.Length; i++)
        {
            // Each line starts as before: the odd text stays inside its label or the comment it was put in.
            Assert.StartsWith(Head(plainLines[i]), oddLines[i], StringComparison.Ordinal);
            Assert.Equal(plainLines[i].Count(c => c == '"'), oddLines[i].Count(c => c == '"'));
        }

        Assert.Single(oddLines, line => line.TrimStart().StartsWith("%%", StringComparison.Ordinal));
    }

    [Fact]
    public void EntityCodesReadBackAsTheIdWritten()
    {
        var mermaid = MermaidOf(Template.Replace("FIRST", "a#b \\\"c\\\"\\nd").Replace("TERMINAL", "stop\\n%% now"));

        Assert.Contains("s0[\"a#35;b #quot;c#quot;#10;d\"]", mermaid, StringComparison.Ordinal);
        Assert.Contains("%% every step also ends on: stop#10;%% now\n", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDotGraphNamesTheActionsEveryStepEndsOnInACommentThatALineBreakCannotEnd()
    {
        var plain = ConstantOf(Template, "Dot");
        var odd = ConstantOf(Template.Replace("TERMINAL", "stop\\r\\n} // \\\"now\\\""), "Dot");

        Assert.Contains("    // every step also ends on: TERMINAL\n}\n", plain, StringComparison.Ordinal);
        Assert.Contains("    // every step also ends on: stop\\r\\n} // \\\"now\\\"\n}\n", odd, StringComparison.Ordinal);
        Assert.Equal(plain.Split('\n').Length, odd.Split('\n').Length);
    }

    /// <summary>A line up to where the ids and actions begin: its first quote, or the comment's list.</summary>
    private static string Head(string line) => line.Split('"')[0].Split(": ")[0];

    /// <summary>Every line as Mermaid reads lines: JavaScript's line terminators, not only <c>\n</c>.</summary>
    private static string[] Lines(string mermaid) => mermaid.Split(['\n', '\r', '\u2028', '\u2029']);

    private static string MermaidOf(string source) => ConstantOf(source, "Mermaid");

    private static string ConstantOf(string source, string name)
    {
        var output = GeneratorHarness.Run(source).AssertCompilesCleanly();
        var graph = output.Output.GetTypeByMetadataName("Graphs.Graph")!;
        return (string)graph.GetMembers(name).OfType<IFieldSymbol>().Single().ConstantValue!;
    }
}
