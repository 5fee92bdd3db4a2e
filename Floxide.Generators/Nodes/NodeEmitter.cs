using Floxide.Generators.Helpers;
using Floxide.Generators.Names;
using Floxide.Generators.Resilience;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.Nodes;

/// <summary>
/// Writes the source for one <see cref="NodeModel"/>: <c>Id</c> and a <c>RunAsync</c> that adapts the
/// process method. Synchronous methods, and awaitables that already completed, return a completed
/// <c>ValueTask</c> without allocating; only a pending awaitable goes through an async state machine.
/// A node with [Retry], [Timeout], [RateLimit] or [ConcurrencyLimit] runs that adapter inside a pipeline built once for the type.
/// </summary>
internal static class NodeEmitter
{
    private const string Action = "global::Floxide.NodeAction";
    private const string Result = "global::System.Threading.Tasks.ValueTask<global::Floxide.NodeAction>";
    private const string Pipeline = FloxideNames.ReservedMembers.NodeResiliencePipeline;
    private const string RunOnce = FloxideNames.ReservedMembers.NodeRunOnce;

    /// <summary>Writes the generated file's text.</summary>
    public static string Emit(NodeModel model)
    {
        var generatedCode = GeneratorInfo.GeneratedCodeAttribute;
        return GeneratedFile.Write(model.Hierarchy, $" : global::Floxide.INode<{model.ContextType}>", writer =>
        {
            var id = SymbolDisplay.FormatLiteral(model.Id, quote: true);
            var call = $"this.{model.MethodName}(context{(model.TakesCancellationToken ? ", cancellationToken" : "")})";
            var tokenDoc = model.TakesCancellationToken ? "Passed on to the process method." : "Not used: the process method takes no token.";
            writer.Lines($$"""
                /// <summary>Gets the node's id, unique within a workflow; errors and results name it.</summary>
                {{generatedCode}}
                public string Id => {{id}};

                /// <summary>
                /// Runs <c>{{model.MethodName}}</c> on <paramref name="context"/> and maps its result to the action that routes the workflow.
                /// </summary>
                /// <param name="context">The state to read and write.</param>
                /// <param name="cancellationToken">{{tokenDoc}}</param>
                /// <returns>The action: completed already when the process method completed synchronously.</returns>
                {{generatedCode}}
                {{SyntaxFacts.GetText(model.RunAccessibility)}} {{Result}} RunAsync({{model.ContextType}} context, global::System.Threading.CancellationToken cancellationToken)
                """);
            if (model.Resilience is { } resilience && ResilienceEmitter.HasPipeline(resilience, stepLevel: true))
            {
                // Each run goes through the pipeline, built once for the type (and once per test clock); the process method runs inside it.
                writer.Lines($$"""
                    {
                        return global::Floxide.GeneratedResilience.OnBatchClock({{Pipeline}}).ExecuteAsync(static (state, token) => state.Node.{{RunOnce}}(state.Context, token), (Node: this, Context: context), cancellationToken);
                    }

                    /// <summary>The node's resilience pipeline, from its [Retry], [Timeout], [RateLimit] and [ConcurrencyLimit]: built once for the type, on the system's clock.</summary>
                    {{generatedCode}}
                    private static readonly global::Polly.ResiliencePipeline {{Pipeline}} = {{ResilienceEmitter.BuildMethod}}();
                    """);
                writer.Line();
                ResilienceEmitter.WriteBuildMethod(writer, resilience, model.Hierarchy, stepLevel: true, stepId: model.Id);
                writer.Lines($$"""

                    /// <summary>One run of <c>{{model.MethodName}}</c>, inside the pipeline.</summary>
                    {{generatedCode}}
                    private {{Result}} {{RunOnce}}({{model.ContextType}} context, global::System.Threading.CancellationToken cancellationToken)
                    """);
            }

            using (writer.OpenBlock())
            {
                if (model.AwaitKind == ProcessAwaitKind.None)
                {
                    if (model.ResultKind == ProcessResultKind.None)
                    {
                        writer.Lines($$"""
                            {{call}};
                            return new {{Result}}({{Action}}.Default);
                            """);
                    }
                    else
                    {
                        writer.Line($"return new {Result}({Map(model.ResultKind, call)});");
                    }
                }
                else if (model.AwaitKind == ProcessAwaitKind.ValueTask && model.ResultKind == ProcessResultKind.Action)
                {
                    // Already the node's own return type: pass it through untouched.
                    writer.Line($"return {call};");
                }
                else
                {
                    WriteAwaiting(writer, model, call);
                }
            }

            if (model.RunAccessibility != Accessibility.Public)
            {
                // Only a public method implements an interface member implicitly.
                writer.Lines($$"""

                    /// <inheritdoc/>
                    {{generatedCode}}
                    {{Result}} global::Floxide.INode<{{model.ContextType}}>.RunAsync({{model.ContextType}} context, global::System.Threading.CancellationToken cancellationToken) => this.RunAsync(context, cancellationToken);
                    """);
            }
        });
    }

    private static void WriteAwaiting(SourceWriter writer, NodeModel model, string call)
    {
        writer.Lines($$"""
            var pending = {{call}};
            if (pending.IsCompletedSuccessfully)
            """);
        using (writer.OpenBlock())
        {
            if (model.ResultKind == ProcessResultKind.None)
            {
                // A completed ValueTask may still wrap a pooled source that must be consumed once.
                if (model.AwaitKind == ProcessAwaitKind.ValueTask)
                {
                    writer.Line("pending.GetAwaiter().GetResult();");
                }

                writer.Line($"return new {Result}({Action}.Default);");
            }
            else
            {
                writer.Line($"return new {Result}({Map(model.ResultKind, "pending.Result")});");
            }
        }

        writer.Lines("""

            return AwaitProcessAsync(pending);

            """);

        // Pooled: a node that really awaits runs once per item in a batch, and its box would be garbage each time. Naming
        // a method's builder needs C# 10; below, the default builder is the same code with one allocation more.
        if (model.PoolsAsyncStateMachine)
        {
            writer.Line("[global::System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(global::System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]");
        }

        writer.Line($"static async {Result} AwaitProcessAsync({model.AwaitedType} pending)");
        using (writer.OpenBlock())
        {
            if (model.ResultKind == ProcessResultKind.None)
            {
                writer.Lines($$"""
                    await pending.ConfigureAwait(false);
                    return {{Action}}.Default;
                    """);
            }
            else
            {
                writer.Line($"return {Map(model.ResultKind, "await pending.ConfigureAwait(false)")};");
            }
        }
    }

    private static string Map(ProcessResultKind kind, string value) => kind switch
    {
        ProcessResultKind.Bool => $"{value} ? {Action}.Default : {Action}.Stop",
        ProcessResultKind.Enum => $"{Action}.From({value})",
        ProcessResultKind.Action => value,
        _ => $"{Action}.Default",
    };
}
