using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Floxide.Generators.Helpers;
using Floxide.Generators.Resilience;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// Writes the source for one <see cref="BatchContextModel"/>: the <c>IBatchContext</c> implementation
/// (items getter, item-context factory, merge), the <c>LastBatch</c> property, the two partial-method
/// hooks, and the wired <c>CreateBatchNode</c> / <c>CreateBatchFlow</c> factories.
/// </summary>
internal static class BatchContextEmitter
{
    private const string Floxide = "global::Floxide.";

    /// <summary>Writes the generated file's text.</summary>
    public static string Emit(BatchContextModel model)
    {
        var names = new Names(model);
        return GeneratedFile.Write(model.Hierarchy, " : " + (model.StreamResults ? names.Streaming : names.Contract), writer =>
        {
            WriteFactories(writer, model, names);
            WriteLastBatch(writer, model, names);
            WriteGetBatchItems(writer, model, names);
            WriteCreateItemContext(writer, model, names);
            if (model.StreamResults)
            {
                WriteMergeResults(writer, model, names);
            }

            WriteUpdateWithResults(writer, model, names);
            WriteHooks(writer, model, names);
            if (model.DurableJson is not null)
            {
                WriteDurable(writer, model, names);
            }
        });
    }

    /// <summary>
    /// <c>DurableCodec</c> and <c>CreateDurableRun</c>, for a context with <c>DurableJson</c>: items by input position,
    /// fingerprinted from their JSON, and the [ItemOutput] written and restored as JSON through the named context.
    /// </summary>
    private static void WriteDurable(SourceWriter writer, BatchContextModel model, Names names)
    {
        var (self, item, accessibility, json) = (names.Self, names.Item, SyntaxFacts.GetText(model.FactoryAccessibility), model.DurableJson!);
        const string Json = "global::System.Text.Json.";
        var codec = $"{Floxide}IItemStateCodec<{self}, {item}>";
        writer.Lines($$"""

            /// <summary>
            /// Gets the codec durable runs of this context use: items identified by {{(model.ItemKeyMember is { } keyMember ? $"their [ItemKey] member ({keyMember})" : "input position")}} and fingerprinted
            /// from their JSON, the [ItemOutput] saved and restored as JSON through <see cref="{{json}}"/> (no reflection).
            /// </summary>
            {{names.GeneratedCode}}
            {{accessibility}} static {{codec}} DurableCodec { get; } = new FloxideDurableCodec();

            /// <summary>Creates a durable run of this context: finished items are recorded in <paramref name="store"/> under <paramref name="batchId"/>.</summary>
            /// <param name="store">Where items are recorded, e.g. a <c>SqliteBatchStore</c>.</param>
            /// <param name="batchId">The batch's id: the same id resumes, a new one starts afresh.</param>
            /// <returns>The durable run; pass it to <c>RunDurableAsync</c>.</returns>
            {{names.GeneratedCode}}
            {{accessibility}} static {{Floxide}}DurableRun<{{self}}, {{item}}> CreateDurableRun({{Floxide}}IBatchStore store, string batchId)
            {
                return new {{Floxide}}DurableRun<{{self}}, {{item}}>(store, batchId, DurableCodec);
            }

            {{names.GeneratedCode}}
            private sealed class FloxideDurableCodec : {{codec}}
            """);
        using (writer.OpenBlock())
        {
            writer.Line($"private static readonly {Json}Serialization.Metadata.JsonTypeInfo<{item}> ItemInfo = TypeInfo<{item}>();");
            if (model.ItemOutputType is { } outputType)
            {
                writer.Line($"private static readonly {Json}Serialization.Metadata.JsonTypeInfo<{outputType}> OutputInfo = TypeInfo<{outputType}>();");
            }

            writer.Lines($$"""

                public string? GetKey({{item}} item) => {{(model.ItemKeyMember is { } key ? $"global::System.Convert.ToString(item.{key}, global::System.Globalization.CultureInfo.InvariantCulture)" : "null")}};

                public long GetFingerprint({{item}} item) => {{Floxide}}ItemFingerprint.Of({{Json}}JsonSerializer.SerializeToUtf8Bytes(item, ItemInfo));

                public void WriteOutputs({{self}} itemContext, global::System.Buffers.IBufferWriter<byte> writer)
                """);
            using (writer.OpenBlock())
            {
                if (model.ItemOutputType is not null)
                {
                    writer.Lines($$"""
                        using var json = new {{Json}}Utf8JsonWriter(writer);
                        {{Json}}JsonSerializer.Serialize(json, itemContext.{{model.ItemOutputMember}}, OutputInfo);
                        """);
                }
            }

            writer.Line();
            writer.Line($"public void ReadOutputs({self} itemContext, global::System.ReadOnlySpan<byte> outputs)");
            using (writer.OpenBlock())
            {
                if (model.ItemOutputType is not null)
                {
                    writer.Line($"itemContext.{model.ItemOutputMember} = {Json}JsonSerializer.Deserialize(outputs, OutputInfo)!;");
                }
            }

            writer.Lines($$"""

                private static {{Json}}Serialization.Metadata.JsonTypeInfo<T> TypeInfo<T>() =>
                    {{json}}.Default.GetTypeInfo(typeof(T)) as {{Json}}Serialization.Metadata.JsonTypeInfo<T>
                    ?? throw new global::System.InvalidOperationException($"{{json.Replace("global::", "")}} cannot serialize {typeof(T)}: add [JsonSerializable] for it.");
                """);
        }
    }

    private static void WriteFactories(SourceWriter writer, BatchContextModel model, Names names)
    {
        var options = Floxide + "BatchOptions";
        var defaultId = SymbolDisplay.FormatLiteral(model.Hierarchy.SimpleName, quote: true);
        var limit = model.MaxDegreeOfParallelism is { } value
            ? $"new {options} {{ MaxDegreeOfParallelism = {value.ToString(CultureInfo.InvariantCulture)} }}"
            : $"new {options}()";
        if (model.Resilience is { } resilience)
        {
            // Built once, with the options: every batch over this type shares the pipeline and the limiter.
            var settings = model.MaxDegreeOfParallelism is { } limitValue ? new List<string> { $"MaxDegreeOfParallelism = {limitValue.ToString(CultureInfo.InvariantCulture)}" } : [];
            if (ResilienceEmitter.HasPipeline(resilience, stepLevel: false))
            {
                settings.Add($"ResiliencePipeline = {ResilienceEmitter.BuildMethod}()");
            }

            if (resilience.PermitsPerSecond is not null)
            {
                settings.Add($"RateLimiter = {ResilienceEmitter.Limiter(resilience)}");
            }

            limit = $"new {options} {{ {string.Join(", ", settings)} }}";
        }
        var limitText = model.MaxDegreeOfParallelism is { } shown
            ? $"at most {shown.ToString(CultureInfo.InvariantCulture)} items at a time (from <c>[BatchContext(MaxDegreeOfParallelism = {shown.ToString(CultureInfo.InvariantCulture)})]</c>)"
            : "the runtime's defaults (as many items at a time as there are processors)";
        var (self, item, accessibility) = (names.Self, names.Item, SyntaxFacts.GetText(model.FactoryAccessibility));

        writer.Lines($$"""
            /// <summary>
            /// Gets the options the generated factories use when none are given: {{limitText}}, continuing on errors.
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
            /// <returns>The batch flow; call <c>RunAsync(context)</c> on it.</returns>
            {{names.GeneratedCode}}
            {{accessibility}} static {{Floxide}}BatchFlow<{{self}}, {{item}}> CreateBatchFlow({{Floxide}}INode<{{self}}> itemWorkflow, {{options}}? options = null, string id = {{defaultId}})
            {
                return new {{Floxide}}BatchFlow<{{self}}, {{item}}>(itemWorkflow, options ?? DefaultBatchOptions, id);
            }

            """);
        if (model.Resilience is { } declared && ResilienceEmitter.HasPipeline(declared, stepLevel: false))
        {
            ResilienceEmitter.WriteBuildMethod(writer, declared, model.Hierarchy.SimpleName, stepLevel: false);
            writer.Line();
        }
    }

    private static void WriteLastBatch(SourceWriter writer, BatchContextModel model, Names names)
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

    private static void WriteGetBatchItems(SourceWriter writer, BatchContextModel model, Names names)
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

    private static void WriteCreateItemContext(SourceWriter writer, BatchContextModel model, Names names)
    {
        writer.Lines($$"""
            /// <inheritdoc/>
            {{names.GeneratedCode}}
            {{names.Self}} {{names.Contract}}.CreateItemContext({{names.Item}} item)
            """);
        using (writer.OpenBlock())
        {
            if (model.IsRecord)
            {
                // Records clone themselves (every field, inherited ones included); then the item and fresh per-item members.
                writer.Line("var itemContext = this with");
                using (writer.OpenBlock("};"))
                {
                    writer.Line($"{model.SlotMember} = item,");
                    foreach (var member in model.Members.Where(m => m.Kind == ItemContextMemberKind.PerItem))
                    {
                        writer.Line($"{member.Name} = new {member.TypeName}(),");
                    }
                }
            }
            else
            {
                writer.Line($"var itemContext = new {names.Self}(this, item);");
            }

            writer.Lines("""
                this.OnItemContextCreated(itemContext);
                return itemContext;
                """);
        }

        writer.Line();
        if (!model.IsRecord)
        {
            WriteConstructors(writer, model, names);
        }
    }

    private static void WriteConstructors(SourceWriter writer, BatchContextModel model, Names names)
    {
        var constructorName = SymbolNames.Identifier(model.Hierarchy.SimpleName);
        if (model.DeclaresDefaultConstructor)
        {
            writer.Lines($$"""
                /// <summary>Creates a context. (Declared by the generator, which adds a constructor of its own.)</summary>
                {{names.GeneratedCode}}
                public {{constructorName}}()
                {
                }

                """);
        }

        writer.Lines($$"""
            /// <summary>
            /// Creates the context of one item: the item in its slot, [PerItem] members fresh, outputs at their
            /// initial values, and every other field and auto-property copied from <paramref name="parent"/>.
            /// </summary>
            /// <param name="parent">The batch's context.</param>
            /// <param name="item">The item.</param>
            {{names.GeneratedCode}}
            """);
        if (model.SetsRequiredMembers)
        {
            writer.Line("[global::System.Diagnostics.CodeAnalysis.SetsRequiredMembers]");
        }

        writer.Line($"private {constructorName}({names.Self} parent, {names.Item} item)");
        using (writer.OpenBlock())
        {
            writer.Line($"this.{model.SlotMember} = item;");
            foreach (var member in model.Members)
            {
                writer.Line(member.Kind switch
                {
                    ItemContextMemberKind.CopyThroughInterface => $"(({member.TypeName})this).{member.Name} = (({member.TypeName})parent).{member.Name};",
                    ItemContextMemberKind.PerItem => $"this.{member.Name} = new {member.TypeName}();",
                    ItemContextMemberKind.Reset => $"this.{member.Name} = default!;",
                    _ => $"this.{member.Name} = parent.{member.Name};",
                });
            }
        }

        writer.Line();
    }

    private static void WriteMergeResults(SourceWriter writer, BatchContextModel model, Names names)
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

    private static void WriteUpdateWithResults(SourceWriter writer, BatchContextModel model, Names names)
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

    private static void WriteHooks(SourceWriter writer, BatchContextModel model, Names names)
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

    /// <summary>The type names every part of the file spells.</summary>
    private sealed class Names
    {
        public Names(BatchContextModel model)
        {
            Self = model.Hierarchy.FullyQualifiedName;
            Item = model.ItemType;
            Contract = $"{Floxide}IBatchContext<{Self}, {Item}>";
            Streaming = $"{Floxide}IStreamingBatchContext<{Self}, {Item}>";
            Results = $"{Floxide}BatchResults<{Self}, {Item}>";
        }

        public string Self { get; }

        public string Item { get; }

        public string Contract { get; }

        public string Streaming { get; }

        public string Results { get; }

        public string GeneratedCode => GeneratorInfo.GeneratedCodeAttribute;
    }
}
