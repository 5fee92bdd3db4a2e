namespace Floxide.Generators.Tests.Workflows;

/// <summary>
/// A step id is the user's text, and the generated constructor documents each step by it: XML-special characters and
/// line breaks in an id must neither break the doc comment (CS1570) nor end its line and turn the rest into code.
/// </summary>
public sealed class StepIdDocCommentTests
{
    // C# escapes inside a raw string: the compiler of the test source turns them into the characters.
    private const string Source = """
        using Floxide;

        [BatchContext] public partial class Lots { [BatchItems] public int[] Items = []; [BatchItem] public int Item; }

        [Node(Id = "fetch & parse <all> \"now\" > later")] public partial class Fetch { public void Process(Lots c) { } }
        [Node(Id = "x\ny\r\nz\u2028a\u2029b\u0085c\0d\te")] public partial class Split { public void Process(Lots c) { } }
        [Node(Id = "lone \uD800 surrogate, pair \uD83D\uDE00, non-characters \uFFFE\uFFFF")] public partial class Odd { public void Process(Lots c) { } }
        [Node] public partial class Each { public void Process(Lots c) { } }

        [Workflow(typeof(Lots))]
        [Start(typeof(Fetch))]
        [Route(typeof(Fetch), typeof(Split))]
        [Route(typeof(Split), typeof(Odd))]
        [Route(typeof(Odd), typeof(Each))]
        [BatchStep(typeof(Each), Id = "per item & <row>\n\u2028done")]
        public partial class W { }
        """;

    [Fact]
    public void IdsWithXmlCharactersAndLineBreaksCompileWithoutADiagnostic()
    {
        var output = GeneratorHarness.Run(("Input.cs", Source)).AssertCompilesCleanly();

        Assert.Contains("W.Workflow.g.cs", output.Files.Keys);
    }

    [Fact]
    public void TheDocCommentShowsEachIdEscapedOnOneLine()
    {
        var generated = GeneratorHarness.Run(("Input.cs", Source)).Files["W.Workflow.g.cs"];

        Assert.Contains("/// <param name=\"fetch\">The <c>fetch &amp; parse &lt;all&gt; &quot;now&quot; &gt; later</c> step.</param>\n", generated, StringComparison.Ordinal);
        Assert.Contains("/// <param name=\"split\">The <c>x\\ny\\r\\nz\\u2028a\\u2029b\\u0085c\\0d\\te</c> step.</param>\n", generated, StringComparison.Ordinal);
        Assert.Contains("/// <param name=\"odd\">The <c>lone \\uD800 surrogate, pair \uD83D\uDE00, non-characters \\uFFFE\\uFFFF</c> step.</param>\n", generated, StringComparison.Ordinal);
        Assert.Contains("/// <param name=\"each\">The <c>per item &amp; &lt;row&gt;\\n\\u2028done</c> step, run once per item.</param>\n", generated, StringComparison.Ordinal);

        // No raw line break of any kind outside the usual "\n" line ends, and no character XML forbids.
        Assert.DoesNotContain(generated, c => c is '\r' or '\u0085' or '\u2028' or '\u2029' or '\0' or '\uFFFE' or '\uFFFF');
    }
}
