namespace Floxide.Generators.Tests;

/// <summary>
/// An init-only member of a generic base, hidden by the generic context itself: the item context's constructor copies it
/// through <c>base.</c> (an init accessor runs only on this or base, CS8852), reading the parent's through a cast to the
/// constructed base type.
/// </summary>
public sealed class HiddenMemberTests
{
    [Fact]
    public void An_init_only_member_of_a_generic_base_hidden_by_the_context_is_copied_through_base()
    {
        var output = GeneratorHarness.Run("""
            using System.Collections.Generic;
            using Floxide;

            namespace Shop;

            /// <summary>A base.</summary>
            public class Regional<TCode>
            {
                /// <summary>The region.</summary>
                public TCode Region { get; init; } = default!;
            }

            /// <summary>A context.</summary>
            [BatchContext]
            public partial class Orders<TCode> : Regional<TCode>
            {
                /// <summary>The items.</summary>
                [BatchItems] public List<int> Items { get; set; } = new();

                /// <summary>The item.</summary>
                [BatchItem] public int Item { get; set; }

                /// <summary>Hides the base's region.</summary>
                public new string Region { get; set; } = "";
            }
            """).AssertCompilesCleanly();

        var generated = output.Files["Shop.Orders`1.BatchContext.g.cs"];
        Assert.Contains("base.Region = ((global::Shop.Regional<TCode>)parent).Region;", generated, StringComparison.Ordinal);
        Assert.Contains("this.Region = parent.Region;", generated, StringComparison.Ordinal);
    }
}
