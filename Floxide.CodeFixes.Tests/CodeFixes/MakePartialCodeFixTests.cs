using Floxide.CodeFixes.Tests.Verifiers;
using Verify = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.PartialTypeAnalyzer, Floxide.CodeFixes.MakePartialCodeFixProvider>;

namespace Floxide.CodeFixes.Tests.CodeFixes;

public sealed class MakePartialCodeFixTests
{
    [Fact]
    public Task AddsPartialAfterOtherModifiers() => Verify.VerifyAsync("""
        using Floxide;

        [Node(Id = "greet")]
        public sealed class {|FLX0001:Greet|}
        {
            public void Process(string context) { }
        }
        """, """
        using Floxide;

        [Node(Id = "greet")]
        public sealed partial class Greet
        {
            public void Process(string context) { }
        }
        """);

    [Fact]
    public Task AddsPartialWithoutModifiers_KeepsLayout() => Verify.VerifyAsync("""
        using Floxide;

        [Node]
            record {|FLX0001:Greet|}
        {
            public void Process(string context) { }
        }
        """, """
        using Floxide;

        [Node]
            partial record Greet
        {
            public void Process(string context) { }
        }
        """);

    [Fact]
    public Task NestedType_FixesTypeAndContainers() => Verify.VerifyAsync("""
        using Floxide;

        public static class {|FLX0001:Outer|}
        {
            internal class {|FLX0001:Middle|}
            {
                [Node] private class {|FLX0001:Step|} { public void Process(string c) { } }
            }
        }
        """, """
        using Floxide;

        public static partial class Outer
        {
            internal partial class Middle
            {
                [Node] private partial class Step { public void Process(string c) { } }
            }
        }
        """);

    [Fact]
    public Task PartialMissingOnOneDeclaration_AddsItThere() => Verify.VerifyAsync("""
        using Floxide;

        [Node] public partial class A { }
        public class {|FLX0001:{|CS0260:A|}|} { public void Process(string c) { } }
        """, """
        using Floxide;

        [Node] public partial class A { }
        public partial class A { public void Process(string c) { } }
        """);

    [Fact]
    public async Task FixAll_FixesEveryTypeInTheDocument()
    {
        var test = Verify.Create("""
            using System.Collections.Generic;
            using Floxide;

            [Node] public class {|FLX0001:A|} { public void Process(string c) { } }
            [Node] internal class {|FLX0001:B|} { public void Process(string c) { } }
            public class {|FLX0001:Outer|}
            {
                [BatchContext] public record {|FLX0001:Ctx|}
                {
                    [BatchItems] public List<int> Ids { get; init; } = new();
                    [BatchItem] public int Id { get; init; }
                }
            }
            """, """
            using System.Collections.Generic;
            using Floxide;

            [Node] public partial class A { public void Process(string c) { } }
            [Node] internal partial class B { public void Process(string c) { } }
            public partial class Outer
            {
                [BatchContext] public partial record Ctx
                {
                    [BatchItems] public List<int> Ids { get; init; } = new();
                    [BatchItem] public int Id { get; init; }
                }
            }
            """);
        test.NumberOfFixAllIterations = 1;
        test.CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInProjectCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck;
        await test.RunAsync();
    }
}
