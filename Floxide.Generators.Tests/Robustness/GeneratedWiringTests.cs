using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Tests.Robustness;

/// <summary>FLX0020 against the generated API: the factories the generator adds take INode of their own context.</summary>
public sealed class GeneratedWiringTests
{
    private const string Source = """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<int> Ids { get; set; } = new();
            [BatchItem] public int Id { get; set; }
        }

        public sealed class Invoice { }

        [Node] public partial class Bill { public void Process(Invoice invoice) { } }
        [Node] public partial class Ship { public void Process(Orders order) { } }

        public static class Wiring
        {
            public static object Wrong() => Orders.CreateBatchNode(new Bill());
            public static object Right() => Orders.CreateBatchNode(new Ship(), new BatchOptions { MaxDegreeOfParallelism = 0 });
        }
        """;

    [Fact]
    public async Task NodeOfOtherContextPassedToGeneratedFactory_IsExplained()
    {
        var result = await FloxideAnalysis.RunAsync(Source, includeCompilerDiagnostics: true);

        Assert.Empty(result.Failures);
        Assert.Equal(3, result.GeneratedFiles);
        var floxide = result.Floxide.Select(d => d.Id + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "FLX0013 A MaxDegreeOfParallelism of 0 is invalid: at least 1 item must be allowed to run at once",
                "FLX0020 The node 'Bill' processes 'Invoice' but is passed where an INode<Orders> is expected",
            ],
            floxide);

        // The compiler's own error stays (the call is wrong); the Floxide one names the node and both contexts.
        Assert.Contains(result.Diagnostics, d => d.Id == "CS1503");
    }
}
