namespace Floxide.CodeFixes.Tests.CodeFixes;

/// <summary>
/// A workflow over a <c>[BatchContext]</c> whose attribute list the batch-step fix tests end with the
/// <c>[BatchStep]</c> under test: <see cref="Head"/>, the attribute, then <see cref="Tail"/>.
/// </summary>
internal static class BatchStepSource
{
    public const string Head = """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Charges
        {
            [BatchItems] public List<string> Invoices { get; set; } = [];
            [BatchItem] public string Invoice { get; set; } = "";
        }

        [Node] public partial class Charge { public void Process(Charges c) { } }

        [Workflow(typeof(Charges))]
        [Start(typeof(Charge))]

        """;

    public const string Tail = """

        public partial class Billing { }
        """;
}
