using Verify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.PartialTypeAnalyzer>;

namespace Floxide.CodeFixes.Tests.Analyzers;

public sealed class PartialTypeAnalyzerTests
{
    [Fact]
    public Task BatchContextNotPartial_Reports() => Verify.VerifyAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public class {|FLX0001:Orders|}
        {
            [BatchItems] public List<int> Ids { get; set; } = new();
            [BatchItem] public int Id { get; set; }
        }
        """);

    [Fact]
    public Task NodeNotPartial_ReportsWithNodeInMessage() => Verify.VerifyAsync("""
        using Floxide;

        [Node]
        public class Greet
        {
            public void Process(string context) { }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TypeMustBePartial).WithSpan(4, 14, 4, 19).WithArguments("Greet", "Node", "Greet"));

    [Fact]
    public Task ContainingTypesNotPartial_ReportsEachOnce() => Verify.VerifyAsync("""
        using Floxide;

        public class {|FLX0001:Outer|}
        {
            public class {|FLX0001:Middle|}
            {
                [Node] public partial class A { public void Process(string c) { } }
                [Node] public partial class B { public void Process(string c) { } }
            }
        }
        """);

    [Fact]
    public Task PartialEverywhere_NoDiagnostic() => Verify.VerifyAsync("""
        using Floxide;

        public partial class Outer
        {
            [Node] public partial class A { public void Process(string c) { } }
            public partial record Ctx;
        }

        public class Unrelated { public class Nested { } }
        """);

    [Fact]
    public Task PartialSplitAcrossDeclarations_NoDiagnostic() => Verify.VerifyAsync("""
        using Floxide;

        [Node] public partial class A { }
        public partial class A { public void Process(string c) { } }
        """);

    // CS0260's corner: the generator refuses a type with a declaration that lacks partial (R2/N2 want it on every one),
    // so FLX0001 says which declaration, next to the compiler's error.
    [Fact]
    public Task PartialMissingOnOneDeclaration_ReportsThatDeclaration() => Verify.VerifyAsync("""
        using Floxide;

        [Node] public partial class A { }
        public class {|#0:A|} { public void Process(string c) { } }

        public partial class Outer { [Node] public partial class B { public void Process(string c) { } } }
        public class {|#1:Outer|} { }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TypeMustBePartial).WithLocation(0).WithArguments("A", "Node", "A"),
        DiagnosticResult.CompilerError("CS0260").WithLocation(0).WithArguments("A"),
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.TypeMustBePartial).WithLocation(1).WithArguments("Outer", "Node", "Outer.B"),
        DiagnosticResult.CompilerError("CS0260").WithLocation(1).WithArguments("Outer"));
}
