using System.Collections.Generic;
using System.Globalization;
using Floxide.Generators.Helpers;
using Floxide.Generators.Resilience;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// Writes the source for one <see cref="BatchContextModel"/>: the <c>IBatchContext</c> implementation
/// (items getter, merge), the <c>LastBatch</c> property, the partial-method hooks, and the wired
/// <c>CreateBatchNode</c> / <c>CreateBatchFlow</c> factories. The item-context factory is
/// <see cref="ItemContextFactoryEmitter"/>'s part, the durable codec <see cref="DurableCodecEmitter"/>'s.
/// </summary>
internal static class BatchContextEmitter
{
    private const string Floxide = BatchContextTypeNames.Runtime;

    /// <summary>Writes the generated file's text.</summary>
    public static string Emit(BatchContextModel model)
    {
        var names = new BatchContextTypeNames(model);
        return GeneratedFile.Write(model.Hierarchy, " : " + (model.StreamResults ? names.Streaming : names.Contract), writer =>
        {
            WriteFactories(writer, model, names);
            WriteLastBatch(writer, model, names);
            WriteGetBatchItems(writer, model, names);
            ItemContextFactoryEmitter.Write(writer, model, names);
            if (model.StreamResults)
            {
                WriteMergeResults(writer, model, names);
            }

            WriteUpdateWithResults(writer, model, names);
            WriteHooks(writer, model, names);
            if (model.DurableJson is not null)
            {
                DurableCodecEmitter.Write(writer, model, names);
            }
        });
    }

    private static void WriteFactories(SourceWriter writer, BatchContextModel model, BatchContextTypeNames names)
    {
        var options = Floxide + "BatchOptions";
        var defaultId = SymbolDisplay.FormatLiteral(model.Hierarchy.SimpleName, quote: true);
        // The plain settings, in the order BatchOptions declares them; a context that sets neither keeps `new BatchOptions()`.
        var settings = new List<string>();
        if (model.MaxDegreeOfParallelism is { } limitValue)
        {
            settings.Add($"MaxDegreeOfParallelism = {limitValue.ToString(CultureInfo.InvariantCulture)}");
        }

        if (model.CancellationGracePeriodMs is { } grace)
        {
            settings.Add($"CancellationGracePeriod = {GracePeriod.Expression(grace)}");
        }

        var limit = settings.Count > 0 ? $"new {options} {{ {string.Join(", ", settings)} }}" : $"new {options}()";
        if (model.Resilience is not null || model.AdaptiveConcurrency is not null)
        {
            // Built once, with the options: every batch over this type shares the pipeline and the limiter.
            if (model.Resilience is { } resilience)
            {
                if (ResilienceEmitter.HasPipeline(resilience, stepLevel: false))
                {
                    settings.Add($"ResiliencePipeline = {ResilienceEmitter.BuildMethod}()");
                }

                if (resilience.PermitsPerSecond is not null)
                {
                    settings.Add($"RateLimiter = {ResilienceEmitter.Limiter(resilience, model.Hierarchy)}");
                }
            }

            if (model.AdaptiveConcurrency is { } adaptive)
            {
                settings.Add($"AdaptiveConcurrency = {ResilienceEmitter.AdaptiveConcurrency(adaptive, names.Self)}");
            }

            limit = $"new {options} {{ {string.Join(", ", settings)} }}";
        }
        var limitText = model.MaxDegreeOfParallelism is { } shown
            ? $"at most {shown.ToString(CultureInfo.InvariantCulture)} items at a time (from <c>[BatchContext(MaxDegreeOfParallelism = {shown.ToString(CultureInfo.InvariantCulture)})]</c>)"
            : "the runtime's defaults (as many items at a time as there are processors)";
        if (model.AdaptiveConcurrency is not null)
        {
            limitText += ", as a ceiling below which the level adapts (from <c>[AdaptiveConcurrency]</c>)";
        }

        var continuing = "continuing on errors";
        if (model.CancellationGracePeriodMs is { } period)
        {
            continuing += $"; {GracePeriod.Describe(period)} (from <c>[BatchContext(CancellationGracePeriodMs = {GracePeriod.Number(period)})]</c>)";
        }

        var (self, item, accessibility) = (names.Self, names.Item, SyntaxFacts.GetText(model.FactoryAccessibility));

        writer.Lines($$"""
            /// <summary>
            /// Gets the options the generated factories use when none are given: {{limitText}}, {{continuing}}.
            /// </summary>
            {{names.GeneratedCode}}
            public static {{options}} DefaultBatchOptions { get; } = {{limit}};

            /// <summary>
            /// Creates a batch node that runs <paramref name="itemWorkflow"/> once per item of the context it runs on,
            /// each on its own item context, and merges the results back in input order.
            /// </summary>
            /// <param name="itemWorkflow">The workflow (or single node) each item runs.</param>
            /// <param name="options">The concurrency limit and error mode; null for <see cref="DefaultBatchOptions"/>.</param>
            /// <param name="id">The node's id, reported in results and errors.</param>
            /// <param name="executor">Where items run; null runs them in this process.</param>
            /// <returns>The batch node, ready to run alone or as a step of a workflow.</returns>
            {{names.GeneratedCode}}
            {{accessibility}} static {{Floxide}}BatchNode<{{self}}, {{item}}> CreateBatchNode({{Floxide}}INode<{{self}}> itemWorkflow, {{options}}? options = null, string id = {{defaultId}}, {{Floxide}}IItemExecutor<{{self}}>? executor = null)
            {
                return new {{Floxide}}BatchNode<{{self}}, {{item}}>(id, itemWorkflow, options ?? DefaultBatchOptions, executor);
            }

            /// <summary>
            /// Creates a batch flow: <paramref name="itemWorkflow"/> run once per item, with one call that returns a report.
            /// </summary>
            /// <param name="itemWorkflow">The workflow (or single node) each item runs.</param>
            /// <param name="options">The concurrency limit and error mode; null for <see cref="DefaultBatchOptions"/>.</param>
            /// <param name="id">The id reported in results and errors.</param>
            /// <param name="executor">Where items run; null runs them in this process.</param>
            /// <returns>The batch flow; call <c>RunAsync(context)</c> on it.</returns>
            {{names.GeneratedCode}}
            {{accessibility}} static {{Floxide}}BatchFlow<{{self}}, {{item}}> CreateBatchFlow({{Floxide}}INode<{{self}}> itemWorkflow, {{options}}? options = null, string id = {{defaultId}}, {{Floxide}}IItemExecutor<{{self}}>? executor = null)
            {
                return new {{Floxide}}BatchFlow<{{self}}, {{item}}>(itemWorkflow, options ?? DefaultBatchOptions, id, executor);
            }

            """);
        if (model.Resilience is { } declared && ResilienceEmitter.HasPipeline(declared, stepLevel: false))
        {
            ResilienceEmitter.WriteBuildMethod(writer, declared, model.Hierarchy, stepLevel: false);
            writer.Line();
        }
    }

    private static void WriteLastBatch(SourceWriter writer, BatchContextModel model, BatchContextTypeNames names)
    {
        var summary = model.StreamResults
            ? """
              /// Gets the last batch run over this context: its counts and every failed result (item, exception,
              /// item context), in input order; null before the first run. Succeeded results were merged as
              /// they arrived and are not kept: set <c>KeepResults = true</c> to keep every one.
              """
            : """
              /// Gets the results of the last batch run over this context, one per item in input order
              /// (status, item context, exception); null before the first run.
              """;

        // A private property's setter cannot be narrowed further (CS0273).
        var setter = model.FactoryAccessibility == Accessibility.Private ? "set;" : "private set;";
        writer.Lines($$"""
            /// <summary>
            {{summary}}
            /// </summary>
            {{names.GeneratedCode}}
            {{SyntaxFacts.GetText(model.FactoryAccessibility)}} {{names.Results}}? LastBatch { get; {{setter}} }

            """);
    }

    private static void WriteGetBatchItems(SourceWriter writer, BatchContextModel model, BatchContextTypeNames names)
    {
        var sequence = model.ItemsAreStream
            ? $"global::System.Collections.Generic.IAsyncEnumerable<{names.Item}>?"
            : $"global::System.Collections.Generic.IEnumerable<{names.Item}>?";
        var sourceName = SymbolDisplay.FormatLiteral($"{model.Hierarchy.SimpleName}.{model.ItemsMember.TrimStart('@')}", quote: true);

        // A run starts the outputs empty, so after it they hold that run's outputs, as LastBatch holds its results.
        var clear = model.BatchOutputsMember is { } outputs && model.ItemOutputMember is not null
            ? $"\n    this.{outputs}{(model.BatchOutputsMayBeNull ? "?" : "")}.Clear();"
            : "";
        writer.Lines($$"""
            /// <inheritdoc/>
            {{names.GeneratedCode}}
            {{Floxide}}BatchItems<{{names.Item}}> {{names.Contract}}.GetBatchItems()
            {
                {{sequence}} items = this.{{model.ItemsMember}};
                var batchItems = new {{Floxide}}BatchItems<{{names.Item}}>(items, {{sourceName}});{{clear}}
                return batchItems;
            }

            """);
    }


    private static void WriteMergeResults(SourceWriter writer, BatchContextModel model, BatchContextTypeNames names)
    {
        writer.Lines($$"""
            /// <inheritdoc/>
            {{names.GeneratedCode}}
            void {{names.Streaming}}.MergeResults(global::System.ReadOnlySpan<{{Floxide}}BatchItemResult<{{names.Self}}, {{names.Item}}>> results)
            """);
        using (writer.OpenBlock())
        {
            WriteCollectOutputs(writer, model, "results.Length");
            writer.Line("this.OnResultsMerged(results);");
        }

        writer.Line();
    }

    private static void WriteUpdateWithResults(SourceWriter writer, BatchContextModel model, BatchContextTypeNames names)
    {
        writer.Lines($$"""
            /// <inheritdoc/>
            {{names.GeneratedCode}}
            void {{names.Contract}}.UpdateWithResults({{names.Results}} results)
            """);
        using (writer.OpenBlock())
        {
            writer.Line("this.LastBatch = results;");
            if (!model.StreamResults)
            {
                WriteCollectOutputs(writer, model, "results.Count");
            }

            writer.Line("this.OnBatchCompleted(results);");
        }

        writer.Line();
    }

    /// <summary>Writes the default merge: each succeeded item's output appended to the outputs collection, in input order.</summary>
    private static void WriteCollectOutputs(SourceWriter writer, BatchContextModel model, string count)
    {
        if (model.BatchOutputsMember is not { } outputsMember || model.ItemOutputMember is not { } outputMember)
        {
            return;
        }

        var source = "this." + outputsMember;
        if (model.BatchOutputsMayBeNull)
        {
            var message = SymbolDisplay.FormatLiteral(
                $"{model.Hierarchy.SimpleName}.{outputsMember.TrimStart('@')} is null: the [BatchOutputs] collection must exist when results are merged.",
                quote: true);
            source += $" ?? throw new global::System.InvalidOperationException({message})";
        }

        var succeeded = $"result.Status == {Floxide}BatchItemStatus.Succeeded && result.Context is {{ }} itemContext";
        var (condition, output) = model.UnwrapOutput
            ? ($"{succeeded} && itemContext.{outputMember} is {{ }} output", "output")
            : (succeeded, $"itemContext.{outputMember}");
        if (model.ItemOutputIsDynamic)
        {
            output = $"({model.OutputElementType}){output}!"; // bound at compile time: the element type is object, by identity
        }

        writer.Lines($$"""
            global::System.Collections.Generic.ICollection<{{model.OutputElementType}}> outputs = {{source}};
            for (var i = 0; i < {{count}}; i++)
            {
                var result = results[i];
                if ({{condition}})
                {
                    outputs.Add({{output}});
                }
            }

            """);
    }

    private static void WriteHooks(SourceWriter writer, BatchContextModel model, BatchContextTypeNames names)
    {
        var resultsDoc = model.StreamResults
            ? "The counts and every failed result (the others were merged as they arrived)."
            : "Every item's result, in input order.";
        writer.Lines($$"""
            /// <summary>
            /// Called on the parent context for each item context the generated factory creates, before the
            /// item's workflow runs; implement it to deep-copy or prepare per-item state. Called concurrently:
            /// it must only read the parent.
            /// </summary>
            /// <param name="itemContext">The new item context, with its item already set.</param>
            partial void OnItemContextCreated({{names.Self}} itemContext);

            /// <summary>
            /// Called once per batch run, after the generated merge (which sets <see cref="LastBatch"/> and
            /// collects the outputs, when the context declares them); implement it to merge differently.
            /// </summary>
            /// <param name="results">{{resultsDoc}}</param>
            partial void OnBatchCompleted({{names.Results}} results);
            """);
        if (model.StreamResults)
        {
            writer.Lines($$"""

                /// <summary>
                /// Called with each run of consecutive results, in input order, as they arrive (after the generated
                /// output collection); implement it to merge more. Calls never overlap but come from worker threads
                /// while items still run: merge into state the item-context factory does not read.
                /// </summary>
                /// <param name="results">Results that follow the previous call's directly; valid only during the call.</param>
                partial void OnResultsMerged(global::System.ReadOnlySpan<{{Floxide}}BatchItemResult<{{names.Self}}, {{names.Item}}>> results);
                """);
        }
    }
}
