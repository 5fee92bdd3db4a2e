using Verify = Floxide.CodeFixes.Tests.Verifiers.AnalyzerVerifier<Floxide.Generators.Analyzers.ParallelismAnalyzer>;

namespace Floxide.CodeFixes.Tests.Analyzers;

public sealed class ParallelismAnalyzerTests
{
    private const string Context = """
        using System;
        using System.Collections.Generic;
        using Floxide;

        public sealed class Ctx : IBatchContext<Ctx, int>
        {
            public BatchItems<int> GetBatchItems() => new int[] { 1 };
            public Ctx CreateItemContext(int item) => new();
            public void UpdateWithResults(BatchResults<Ctx, int> results) { }
        }

        """;

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1 - 5")]
    public Task AttributeArgumentBelowOne_Reports(string value) => Verify.VerifyAsync($$"""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext(MaxDegreeOfParallelism = {|FLX0013:{{value}}|})]
        public partial class Orders
        {
            [BatchItems] public List<int> Ids { get; set; } = new();
            [BatchItem] public int Id { get; set; }
        }
        """);

    [Fact]
    public Task AttributeArgumentValid_NoDiagnostic() => Verify.VerifyAsync("""
        using Floxide;

        [BatchContext(MaxDegreeOfParallelism = 1)]
        public partial class A { }

        [BatchContext]
        public partial class B { }
        """);

    [Fact]
    public Task OptionsInitializerBelowOne_Reports() => Verify.VerifyAsync(Context + """
        public static class Use
        {
            public static BatchOptions Make() => new BatchOptions { MaxDegreeOfParallelism = {|FLX0013:0|} };
            public static BatchOptions With(BatchOptions o) => o with { MaxDegreeOfParallelism = {|FLX0013:-2|} };
            public static BatchOptions Fine() => new() { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast };
            public static BatchOptions Computed(int n) => new() { MaxDegreeOfParallelism = n };
        }
        """);

    [Fact]
    public Task BatchNodeConstructorBelowOne_Reports() => Verify.VerifyAsync(Context + """
        public static class Use
        {
            public static BatchNode<Ctx, int> Make(INode<Ctx> wf) => new BatchNode<Ctx, int>("batch", wf, {|FLX0013:0|});
            public static BatchNode<Ctx, int> Named(INode<Ctx> wf) => new("batch", wf, maxDegreeOfParallelism: {|FLX0013:-1|});
            public static BatchNode<Ctx, int> Fine(INode<Ctx> wf) => new("batch", wf, 4);
        }
        """);

    [Fact]
    public Task UnrelatedMaxDegreeOfParallelism_NoDiagnostic() => Verify.VerifyAsync(Context + """
        public static class Use
        {
            public static System.Threading.Tasks.ParallelOptions Bcl() => new() { MaxDegreeOfParallelism = -1 };
            public static void Mine(int maxDegreeOfParallelism) { }
            public static void Call() => Mine(0);
        }
        """);
}
