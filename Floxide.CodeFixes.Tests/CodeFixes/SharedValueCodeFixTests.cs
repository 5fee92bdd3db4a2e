using Verify = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.BatchContextAnalyzer, Floxide.CodeFixes.SharedValueCodeFixProvider>;

namespace Floxide.CodeFixes.Tests.CodeFixes;

/// <summary>FLX0034's fix: remove [Shared] from a value nothing can assign after construction; nothing for one items can write.</summary>
public sealed class SharedValueCodeFixTests
{
    private const string Head = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";

        """;

    [Fact]
    public Task ReadOnlyValues_LoseTheAttribute_FixAll() => Verify.VerifyAsync(Head + """
            [Shared] public DateTime {|FLX0034:Started|} { get; init; }
            [Shared] public readonly Guid {|FLX0034:RunId|} = Guid.NewGuid();

            /// <summary>The most items a run takes.</summary>
            [Shared]
            public int {|FLX0034:Max|} { get; } = 100;

            [Description("a limit")]
            [Shared]
            public int {|FLX0034:Min|} { get; init; }

            [Shared, Description("a rate")] public decimal {|FLX0034:Rate|} { get; init; }
            [Description("a mode"), Shared] public int {|FLX0034:Mode|} { get; init; }
        }
        """, Head + """
            public DateTime Started { get; init; }
            public readonly Guid RunId = Guid.NewGuid();

            /// <summary>The most items a run takes.</summary>
            public int Max { get; } = 100;

            [Description("a limit")]
            public int Min { get; init; }

            [Description("a rate")] public decimal Rate { get; init; }
            [Description("a mode")] public int Mode { get; init; }
        }
        """, SharedValueCodeFixProvider.RemoveSharedKey, iterations: 6);

    [Fact]
    public Task FieldDeclaringTwoVariables_LosesItsOneAttribute() => Verify.VerifyAsync(Head + """
            [Shared] private readonly int {|FLX0034:_low|} = 1, {|FLX0034:_high|} = 2;

            public int Span => _high - _low;
        }
        """, Head + """
            private readonly int _low = 1, _high = 2;

            public int Span => _high - _low;
        }
        """, SharedValueCodeFixProvider.RemoveSharedKey);

    [Fact]
    public Task PositionalRecordParameter_LosesItsPropertyTargetedAttribute() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial record Orders([property: Shared] int {|FLX0034:Max|}, string Name)
        {
            [BatchItems] public List<string> Ids { get; init; } = new();
            [BatchItem] public string Id { get; init; } = "";
        }
        """, """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial record Orders(int Max, string Name)
        {
            [BatchItems] public List<string> Ids { get; init; } = new();
            [BatchItem] public string Id { get; init; } = "";
        }
        """, SharedValueCodeFixProvider.RemoveSharedKey);

    [Fact]
    public Task AssignableValues_NoFix() => Verify.VerifyNoFixAsync(Head + """
            // Items write these, and lose what they write: removing [Shared] would only silence the warning.
            [Shared] public int {|FLX0034:Counter|} { get; set; }
            [Shared] public int {|FLX0034:Hits|} { get; private set; }
            [Shared] public long {|FLX0034:total|};

            public void Hit() => Hits++;
        }
        """);
}
