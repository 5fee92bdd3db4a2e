using System.Collections.Immutable;
using Floxide.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using AsyncVoid = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.NodeAnalyzer, Floxide.CodeFixes.AsyncVoidCodeFixProvider>;
using Parallelism = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.ParallelismAnalyzer, Floxide.CodeFixes.BatchSettingCodeFixProvider>;
using SharedMember = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.Generators.Analyzers.BatchContextAnalyzer, Floxide.CodeFixes.SharedMemberCodeFixProvider>;
using SharedMemberIsArray = Floxide.CodeFixes.Tests.Verifiers.CodeFixVerifier<Floxide.CodeFixes.Tests.CodeFixes.SharedMemberCodeFixTests.IsArrayAnalyzer, Floxide.CodeFixes.SharedMemberCodeFixProvider>;

namespace Floxide.CodeFixes.Tests.CodeFixes;

public sealed class AsyncVoidCodeFixTests
{
    [Fact]
    public Task AsyncVoid_BecomesAsyncValueTask() => AsyncVoid.VerifyAsync("""
        using System.Threading.Tasks;
        using Floxide;

        [Node]
        public partial class Step
        {
            public async void {|FLX0019:ProcessAsync|}(string context)
            {
                await Task.Yield();
            }
        }
        """, """
        using System.Threading.Tasks;
        using Floxide;

        [Node]
        public partial class Step
        {
            public async ValueTask ProcessAsync(string context)
            {
                await Task.Yield();
            }
        }
        """);

    // An interface that needs void, and a method group given to an Action, would not compile with ValueTask.
    [Fact]
    public Task AsyncVoidBoundToAVoidSignature_NoFix() => AsyncVoid.VerifyNoFixAsync("""
        using System;
        using System.Threading.Tasks;
        using Floxide;

        public sealed class Ctx { }
        public interface IHandler { void ProcessAsync(Ctx context); }

        [Node]
        public partial class Implemented : IHandler
        {
            public async void {|FLX0019:ProcessAsync|}(Ctx context) => await Task.Yield();
        }

        [Node]
        public partial class Grouped
        {
            public async void {|FLX0019:ProcessAsync|}(Ctx context) => await Task.Yield();
        }

        public static class Wiring
        {
            public static Action<Ctx> Handler = new Grouped().ProcessAsync;
        }
        """);

    [Fact]
    public Task AsyncVoidWithoutTasksUsing_AddsUsing() => AsyncVoid.VerifyAsync("""
        using Floxide;

        [Node]
        public partial class Step
        {
            public async void {|FLX0019:ProcessAsync|}(string context) => await System.Threading.Tasks.Task.Yield();
        }
        """, """
        using System.Threading.Tasks;
        using Floxide;

        [Node]
        public partial class Step
        {
            public async ValueTask ProcessAsync(string context) => await System.Threading.Tasks.Task.Yield();
        }
        """);
}

public sealed class ParallelismCodeFixTests
{
    private const string Context = """
        using System.Collections.Generic;
        using Floxide;

        """;

    [Fact]
    public Task AttributeArgument_UseOne() => Parallelism.VerifyAsync(Context + """
        [BatchContext(MaxDegreeOfParallelism = {|FLX0013:0|})]
        public partial class Orders { }
        """, Context + """
        [BatchContext(MaxDegreeOfParallelism = 1)]
        public partial class Orders { }
        """, BatchSettingCodeFixProvider.UseOneKey);

    [Fact]
    public Task AttributeArgument_FirstFixIsTheDocumentedOne_RemovesIt() => Parallelism.VerifyAsync(Context + """
        [BatchContext(KeepResults = true, MaxDegreeOfParallelism = {|FLX0013:0|})]
        public partial class Orders { }
        """, Context + """
        [BatchContext(KeepResults = true)]
        public partial class Orders { }
        """);

    [Fact]
    public Task AttributeArgument_RemovedForDefault() => Parallelism.VerifyAsync(Context + """
        [BatchContext(MaxDegreeOfParallelism = {|FLX0013:-4|})]
        public partial class Orders { }
        """, Context + """
        [BatchContext]
        public partial class Orders { }
        """, BatchSettingCodeFixProvider.UseProcessorCountKey);

    [Fact]
    public Task OptionsAndConstructor_UseProcessorCount_FixAll() => Parallelism.VerifyAsync("""
        using System;
        using Floxide;

        public static class Use
        {
            public static BatchOptions A() => new() { MaxDegreeOfParallelism = {|FLX0013:0|} };
            public static BatchNode<T, int> B<T>(INode<T> wf) where T : IBatchContext<T, int> => new("b", wf, {|FLX0013:-1|});
        }
        """, """
        using System;
        using Floxide;

        public static class Use
        {
            public static BatchOptions A() => new() { MaxDegreeOfParallelism = Environment.ProcessorCount };
            public static BatchNode<T, int> B<T>(INode<T> wf) where T : IBatchContext<T, int> => new("b", wf, Environment.ProcessorCount);
        }
        """, BatchSettingCodeFixProvider.UseProcessorCountKey, iterations: 2);

    [Fact]
    public Task Options_UseOne() => Parallelism.VerifyAsync("""
        using Floxide;

        public static class Use
        {
            public static BatchOptions A() => new() { MaxDegreeOfParallelism = {|FLX0013:1 - 1|}, ErrorMode = BatchErrorMode.FailFast };
        }
        """, """
        using Floxide;

        public static class Use
        {
            public static BatchOptions A() => new() { MaxDegreeOfParallelism = 1, ErrorMode = BatchErrorMode.FailFast };
        }
        """, BatchSettingCodeFixProvider.UseOneKey);
}

public sealed class SharedMemberCodeFixTests
{
    private const string Head = """
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class Orders
        {
            [BatchItems] public List<string> Ids { get; set; } = new();
            [BatchItem] public string Id { get; set; } = "";

        """;

    [Fact]
    public Task MarkShared() => SharedMember.VerifyAsync(Head + """
            public Dictionary<string, int> {|FLX0014:Cache|} { get; set; } = new();
        }
        """, Head + """
            [Shared]
            public Dictionary<string, int> Cache { get; set; } = new();
        }
        """, SharedMemberCodeFixProvider.SharedKey);

    [Theory]
    [InlineData("public Dictionary<string, int> {|FLX0014:Cache|} { get; set; } = new();", "public Dictionary<string, int> Cache { get; set; } = new();")]
    [InlineData("public int[] {|FLX0014:Weights|} { get; set; } = [1, 2];", "public int[] Weights { get; set; } = [1, 2];")]
    public Task SharedIsTheFirstFix(string member, string marked)
    {
        // A host such as dotnet format applies the first fix unattended: [Shared] keeps the program's meaning, where
        // [PerItem] would hand each item an empty instance. The index and the key must both name it.
        var test = SharedMember.Create(Head + "    " + member + "\n}", Head + "    [Shared]\n    " + marked + "\n}", SharedMemberCodeFixProvider.SharedKey);
        test.CodeActionIndex = 0;
        return test.RunAsync();
    }

    [Fact]
    public Task MarkPerItem_OneByOneSplits_FixAllKeepsDeclarationsWhole() => SharedMember.VerifyAsync(Head + """
            public List<int> {|FLX0014:Seen|} { get; set; } = new();
            public List<int> {|FLX0014:a|} = new(), {|FLX0014:b|} = new();
        }
        """, Head + """
            [PerItem]
            public List<int> Seen { get; set; } = new();
            [PerItem]
            public List<int> a = new();
            [PerItem]
            public List<int> b = new();
        }
        """, Head + """
            [PerItem]
            public List<int> Seen { get; set; } = new();
            [PerItem]
            public List<int> a = new(), b = new();
        }
        """, SharedMemberCodeFixProvider.PerItemKey, iterations: 3);

    [Fact]
    public Task MarkShared_FieldsAndArrays_FixAll() => SharedMember.VerifyAsync(Head + """
            public List<int> {|FLX0014:a|} = new();
            public int[] {|FLX0014:buffer|} = new int[4];
        }
        """, Head + """
            [Shared]
            public List<int> a = new();
            [Shared]
            public int[] buffer = new int[4];
        }
        """, SharedMemberCodeFixProvider.SharedKey, iterations: 2);

    [Fact]
    public Task ArrayCannotBePerItem_NoPerItemFix() => SharedMember.VerifyNoFixAsync(Head + """
            public int[] {|FLX0014:Buffer|} = new int[4];
        }
        """, SharedMemberCodeFixProvider.PerItemKey);

    [Fact]
    public Task SoleItemsCandidate_IsLeftToTheMissingItemsFix() => SharedMember.VerifyNoFixAsync("""
        using System.Collections.Generic;
        using Floxide;

        [BatchContext]
        public partial class {|FLX0002:Crawl|}
        {
            public List<string> Pages { get; set; } = new();
            [BatchItem] public string? Page { get; set; }
        }
        """);

    [Fact]
    public Task Array_BecomesAReadOnlyList() => SharedMember.VerifyAsync(Head + """
            public int[] {|FLX0014:Weights|} { get; set; } = [1, 2];
            public int First => Weights[0];
        }
        """, Head + """
            public IReadOnlyList<int> Weights { get; set; } = [1, 2];
            public int First => Weights[0];
        }
        """, SharedMemberCodeFixProvider.ReadOnlyListKey);

    [Fact]
    public Task NullableArray_BecomesANullableReadOnlyList() => SharedMember.VerifyAsync(Head + """
            public int[]? {|FLX0014:Weights|} { get; set; }
            public int First => Weights?[0] ?? 0;
        }
        """, Head + """
            public IReadOnlyList<int>? Weights { get; set; }
            public int First => Weights?[0] ?? 0;
        }
        """, SharedMemberCodeFixProvider.ReadOnlyListKey);

    [Fact]
    public Task ArrayWrittenTo_NoReadOnlyListFix() => SharedMember.VerifyNoFixAsync(Head + """
            public int[] {|FLX0014:Buffer|} = new int[4];
            public void Touch() => Buffer[0] = 1;
        }
        """, SharedMemberCodeFixProvider.ReadOnlyListKey);

    [Fact]
    public Task IsArrayProperty_NoPerItemFix() => SharedMemberIsArray.VerifyNoFixAsync(Head + """
            public List<int> {|FLX0014:Seen|} { get; set; } = new();
        }
        """, SharedMemberCodeFixProvider.PerItemKey);

    /// <summary>Reports FLX0014 with <c>IsArray = "true"</c> on every unmarked List member, as the analyzer does for arrays.</summary>
#pragma warning disable RS1001 // A test double the harness creates itself; no host loads it, so it needs no [DiagnosticAnalyzer].
    public sealed class IsArrayAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [DiagnosticDescriptors.SharedMutableMember];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(
                c =>
                {
                    if (c.Symbol is IPropertySymbol { Type.Name: "List" } property && property.GetAttributes().IsEmpty)
                    {
                        var properties = ImmutableDictionary<string, string?>.Empty.Add(SharedMemberCodeFixProvider.IsArrayProperty, "true");
                        c.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SharedMutableMember, property.Locations[0], properties, property.Name, "List<int>"));
                    }
                },
                SymbolKind.Property);
        }
    }
}
