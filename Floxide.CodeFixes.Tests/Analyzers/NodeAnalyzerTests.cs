using Verify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.NodeAnalyzer>;

namespace Floxide.CodeFixes.Tests.Analyzers;

public sealed class NodeAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Floxide;

        public sealed class Ctx { }
        public enum Route { Ok, Retry }

        """;

    [Theory]
    [InlineData("public void Process(Ctx context) { }")]
    [InlineData("public bool Process(Ctx context) => true;")]
    [InlineData("public NodeAction Process(Ctx context) => NodeAction.Default;")]
    [InlineData("public Route Process(Ctx context) => Route.Ok;")]
    [InlineData("public Task ProcessAsync(Ctx context, CancellationToken cancellationToken) => Task.CompletedTask;")]
    [InlineData("public async ValueTask ProcessAsync(Ctx context) => await Task.Yield();")]
    [InlineData("public ValueTask<bool> ProcessAsync(Ctx context, CancellationToken token) => new(true);")]
    [InlineData("public Task<NodeAction> ProcessAsync(Ctx context) => Task.FromResult(NodeAction.Stop);")]
    [InlineData("public async Task<Route> ProcessAsync(Ctx context) { await Task.Yield(); return Route.Retry; }")]
    [InlineData("public Route Process(in Ctx context) => Route.Retry;")]
    [InlineData("private void Process(string context) { }")]
    public Task SupportedProcessMethod_NoDiagnostic(string method) => Verify.VerifyAsync(Usings + $$"""
        [Node(Id = "step")]
        public partial class Step
        {
            {{method}}
        }
        """);

    [Fact]
    public Task AbstractNode_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        [Node]
        public abstract partial class Step
        {
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task NoProcessMethod_Reports() => Verify.VerifyAsync(Usings + """
        [Node]
        public partial class {|FLX0015:Step|}
        {
            public void Run(Ctx context) { }
        }
        """);

    [Fact]
    public Task SeveralCandidates_ReportsEach() => Verify.VerifyAsync(Usings + """
        [Node]
        public partial class Step
        {
            public void {|FLX0016:Process|}(Ctx context) { }
            public Task {|FLX0016:ProcessAsync|}(Ctx context) => Task.CompletedTask;
            public void {|FLX0016:Process|}(Ctx context, CancellationToken token) { }
        }
        """);

    [Fact]
    public Task PropertyNamedProcess_Reports() => Verify.VerifyAsync(Usings + """
        [Node]
        public partial class Step
        {
            public int {|FLX0017:Process|} { get; set; }
        }
        """);

    [Theory]
    [InlineData("public void {|FLX0017:Process|}() { }")]
    [InlineData("public void {|FLX0017:Process|}(Ctx context, CancellationToken token, int extra) { }")]
    [InlineData("public void {|FLX0017:Process|}(Ctx context, int notAToken) { }")]
    [InlineData("public void {|FLX0017:Process|}(ref Ctx context) { }")]
    [InlineData("public void {|FLX0017:Process|}(Ctx context, ref CancellationToken token) { }")]
    [InlineData("public static void {|FLX0017:Process|}(Ctx context) { }")]
    [InlineData("public void {|FLX0017:Process|}<T>(T context) { }")]
    [InlineData("public void {|FLX0017:Process|}(params Ctx[] context) { }")]
    [InlineData("public void {|FLX0017:Process|}(Span<int> context) { }")]
    public Task UnsupportedShape_Reports(string method) => Verify.VerifyAsync(Usings + $$"""
        [Node]
        public partial class Step
        {
            {{method}}
        }
        """);

    [Theory]
    [InlineData("public Task {|#0:ProcessAsync|}(CancellationToken token, Ctx context) => Task.CompletedTask;", "ProcessAsync")]
    [InlineData("public void {|#0:Process|}(CancellationToken token, in Ctx context) { }", "Process")]
    public Task TokenBeforeContext_SaysTheParametersAreSwapped(string method, string name) => Verify.VerifyAsync(
        Usings + $$"""
        [Node]
        public partial class Step
        {
            {{method}}
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.UnsupportedProcessMethod).WithLocation(0)
            .WithArguments(name, "it takes its parameters in the wrong order; the context 'Ctx' must come first, then the CancellationToken"));

    // Swapping would not be enough here (no token at all, a context by ref or of a type no node can have): the usual wording.
    [Theory]
    [InlineData("public void {|#0:Process|}(Ctx context, int notAToken) { }", "its second parameter must be a CancellationToken passed by value, not 'int'")]
    [InlineData("public void {|#0:Process|}(CancellationToken token, ref Ctx context) { }", "its second parameter must be a CancellationToken passed by value, not 'Ctx'")]
    [InlineData("public void {|#0:Process|}(CancellationToken token, Span<int> context) { }", "its second parameter must be a CancellationToken passed by value, not 'System.Span<int>'")]
    public Task SecondParameterNotAToken_SaysWhatItIs(string method, string problem) => Verify.VerifyAsync(
        Usings + $$"""
        [Node]
        public partial class Step
        {
            {{method}}
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.UnsupportedProcessMethod).WithLocation(0).WithArguments("Process", problem));

    [Theory]
    [InlineData("public int {|FLX0018:Process|}(Ctx context) => 1;")]
    [InlineData("public string {|FLX0018:Process|}(Ctx context) => \"next\";")]
    [InlineData("public Task<int> {|FLX0018:ProcessAsync|}(Ctx context) => Task.FromResult(1);")]
    [InlineData("public IAsyncEnumerable<bool> {|FLX0018:ProcessAsync|}(Ctx context) => throw null!;")]
    public Task UnsupportedReturnType_Reports(string method) => Verify.VerifyAsync(Usings + $$"""
        [Node]
        public partial class Step
        {
            {{method}}
        }
        """);

    [Fact]
    public Task RefReturn_Reports() => Verify.VerifyAsync(Usings + """
        [Node]
        public partial class Step
        {
            private bool _value;
            public ref bool {|FLX0018:Process|}(Ctx context) => ref _value;
        }
        """);

    [Fact]
    public Task AsyncVoid_Reports() => Verify.VerifyAsync(Usings + """
        [Node]
        public partial class Step
        {
            public async void {|FLX0019:ProcessAsync|}(Ctx context) => await Task.Yield();
        }
        """);

    [Fact]
    public Task StaticNode_Reports() => Verify.VerifyAsync(Usings + """
        [Node]
        public static partial class {|FLX0022:Step|}
        {
            public static void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task FileLocalNode_Reports() => Verify.VerifyAsync(Usings + """
        [Node]
        file partial class {|FLX0022:Step|}
        {
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task UnresolvedTypes_LeftToTheCompiler() => Verify.VerifyAsync(Usings + """
        [Node]
        public partial class Step
        {
            public Task<{|CS0246:Missing|}> ProcessAsync({|CS0246:Other|} context) => null!;
        }
        """);

    [Fact]
    public Task InheritedReservedMember_Reports() => Verify.VerifyAsync(Usings + """
        public class StepBase
        {
            public void RunAsync() { }
        }

        [Node]
        public partial class {|FLX0023:Step|} : StepBase
        {
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task ReservedMembers_Report() => Verify.VerifyAsync(Usings + """
        [Node]
        public partial class Step
        {
            public string {|FLX0023:Id|} => "mine";
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task ReservedMember_KeepsItsMessage() => Verify.VerifyAsync(
        Usings + """
        [Node]
        public partial class Step
        {
            public string {|#0:Id|} => "mine";
            public void Process(Ctx context) { }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.ReservedMemberName).WithLocation(0)
            .WithMessage("'Step' declares or inherits 'Id', which clashes with the members the generator adds to every [Node] type; rename it, or do not derive from another [Node] type"));

    [Theory]
    [InlineData("Id")]
    [InlineData("RunAsync")]
    public Task NamedLikeAGeneratedMember_Reports(string name) => Verify.VerifyAsync(
        Usings + $$"""
        [Node]
        public partial class {|#0:{{name}}|}
        {
            public void Process(Ctx context) { }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.ReservedMemberName).WithLocation(0)
            .WithMessage($"'{name}' is named like the member '{name}' the generator adds to every [Node] type; rename it (C# does not allow a member named like its type)"));

    [Fact]
    public Task TypeParameterNamedLikeAGeneratedMember_Reports() => Verify.VerifyAsync(
        Usings + """
        [Node]
        public partial class {|#0:Step|}<Id>
        {
            public void Process(Ctx context) { }
        }
        """,
        new DiagnosticResult(Floxide.Generators.Diagnostics.DiagnosticDescriptors.ReservedMemberName).WithLocation(0)
            .WithMessage("'Step' has a type parameter named like the member 'Id' the generator adds to every [Node] type; rename it (C# does not allow a member named like a type parameter of its type)"));

    [Theory]
    [InlineData("[Node({|FLX0024:Id = \"\"|})]")]
    [InlineData("[Node({|FLX0024:Id = null|})]")]
    public Task EmptyId_Reports(string attribute) => Verify.VerifyAsync(Usings + attribute + """

        public partial class Step
        {
            public void Process(Ctx context) { }
        }
        """);

    [Fact]
    public Task NotANode_NoDiagnostic() => Verify.VerifyAsync(Usings + """
        public class Step
        {
            public async void ProcessAsync(Ctx context) => await Task.Yield();
            public int Process() => 1;
        }
        """);
}
