using System.Globalization;
using System.Linq;
using Floxide.Generators.Helpers;
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
        var self = model.Hierarchy.FullyQualifiedName;
        var item = model.ItemType;
        var contract = $"{Floxide}IBatchContext<{self}, {item}>";
        var streaming = $"{Floxide}IStreamingBatchContext<{self}, {item}>";
        var results = $"{Floxide}BatchResults<{self}, {item}>";
        var generatedCode = GeneratorInfo.GeneratedCodeAttribute;
        var factoryAccessibility = SyntaxFacts.GetText(model.FactoryAccessibility);

        return GeneratedFile.Write(model.Hierarchy, " : " + (model.StreamResults ? streaming : contract), writer =>
        {
            WriteFactories(writer, model, self, item, generatedCode);

            writer.Line("/// <summary>");
            if (model.StreamResults)
            {
                writer.Line("/// Gets the counts of the last batch run over this context (its results were merged as they");
                writer.Line("/// arrived, so it holds no per-item entries); null before the first run.");
            }
            else
            {
                writer.Line("/// Gets the results of the last batch run over this context, one per item in input order");
                writer.Line("/// (status, item context, exception); null before the first run.");
            }

            writer.Line("/// </summary>");
            writer.Line(generatedCode);
            // A private property's setter cannot be narrowed further (CS0273).
            writer.Line($"{factoryAccessibility} {results}? LastBatch {{ get; {(model.FactoryAccessibility == Accessibility.Private ? "" : "private ")}set; }}");
            writer.Line();

            WriteGetBatchItems(writer, model, contract, item, generatedCode);
            WriteCreateItemContext(writer, model, contract, self, item, generatedCode);
            if (model.StreamResults)
            {
                WriteMergeResults(writer, model, streaming, self, item, generatedCode);
            }

            WriteUpdateWithResults(writer, model, contract, results, generatedCode);

            writer.Line("/// <summary>");
            writer.Line("/// Called on the parent context for each item context the generated factory creates, before the");
            writer.Line("/// item's workflow runs; implement it to deep-copy or prepare per-item state. Called concurrently:");
            writer.Line("/// it must only read the parent.");
            writer.Line("/// </summary>");
            writer.Line("/// <param name=\"itemContext\">The new item context, with its item already set.</param>");
            writer.Line($"partial void OnItemContextCreated({self} itemContext);");
            writer.Line();
            writer.Line("/// <summary>");
            writer.Line("/// Called once per batch run, after the generated merge (which sets <see cref=\"LastBatch\"/> and");
            writer.Line("/// collects the outputs, when the context declares them); implement it to merge differently.");
            writer.Line("/// </summary>");
            writer.Line(model.StreamResults
                ? "/// <param name=\"results\">The counts (the results were merged as they arrived).</param>"
                : "/// <param name=\"results\">Every item's result, in input order.</param>");
            writer.Line($"partial void OnBatchCompleted({results} results);");
            if (model.StreamResults)
            {
                writer.Line();
                writer.Line("/// <summary>");
                writer.Line("/// Called with each run of consecutive results, in input order, as they arrive (after the generated");
                writer.Line("/// output collection); implement it to merge more. Calls never overlap but come from worker threads");
                writer.Line("/// while items still run: merge into state the item-context factory does not read.");
                writer.Line("/// </summary>");
                writer.Line("/// <param name=\"results\">Results that follow the previous call's directly; valid only during the call.</param>");
                writer.Line($"partial void OnResultsMerged(global::System.ReadOnlySpan<{Floxide}BatchItemResult<{self}, {item}>> results);");
            }
        });
    }

    private static void WriteFactories(SourceWriter writer, BatchContextModel model, string self, string item, string generatedCode)
    {
        var options = Floxide + "BatchOptions";
        var defaultId = SymbolDisplay.FormatLiteral(model.Hierarchy.SimpleName, quote: true);
        var limit = model.MaxDegreeOfParallelism is { } value
            ? $"new {options} {{ MaxDegreeOfParallelism = {value.ToString(CultureInfo.InvariantCulture)} }}"
            : $"new {options}()";
        var limitText = model.MaxDegreeOfParallelism is { } shown
            ? $"at most {shown.ToString(CultureInfo.InvariantCulture)} items at a time (from <c>[BatchContext(MaxDegreeOfParallelism = {shown.ToString(CultureInfo.InvariantCulture)})]</c>)"
            : "the runtime's defaults (as many items at a time as there are processors)";

        writer.Line("/// <summary>");
        writer.Line($"/// Gets the options the generated factories use when none are given: {limitText}, continuing on errors.");
        writer.Line("/// </summary>");
        writer.Line(generatedCode);
        writer.Line($"public static {options} DefaultBatchOptions {{ get; }} = {limit};");
        writer.Line();

        writer.Line("/// <summary>");
        writer.Line("/// Creates a batch node that runs <paramref name=\"itemWorkflow\"/> once per item of the context it runs on,");
        writer.Line("/// each on its own item context, and merges the results back in input order.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"itemWorkflow\">The workflow (or single node) each item runs.</param>");
        writer.Line("/// <param name=\"options\">The concurrency limit and error mode; null for <see cref=\"DefaultBatchOptions\"/>.</param>");
        writer.Line("/// <param name=\"id\">The node's id, reported in results and errors.</param>");
        writer.Line("/// <param name=\"executor\">Where items run; null runs them in this process.</param>");
        writer.Line("/// <returns>The batch node, ready to run alone or as a step of a workflow.</returns>");
        writer.Line(generatedCode);
        writer.Line($"{SyntaxFacts.GetText(model.FactoryAccessibility)} static {Floxide}BatchNode<{self}, {item}> CreateBatchNode({Floxide}INode<{self}> itemWorkflow, {options}? options = null, string id = {defaultId}, {Floxide}IItemExecutor<{self}>? executor = null)");
        using (writer.OpenBlock())
        {
            writer.Line($"return new {Floxide}BatchNode<{self}, {item}>(id, itemWorkflow, options ?? DefaultBatchOptions, executor);");
        }

        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Creates a batch flow: <paramref name=\"itemWorkflow\"/> run once per item, with one call that returns a report.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"itemWorkflow\">The workflow (or single node) each item runs.</param>");
        writer.Line("/// <param name=\"options\">The concurrency limit and error mode; null for <see cref=\"DefaultBatchOptions\"/>.</param>");
        writer.Line("/// <param name=\"id\">The id reported in results and errors.</param>");
        writer.Line("/// <returns>The batch flow; call <c>RunAsync(context)</c> on it.</returns>");
        writer.Line(generatedCode);
        writer.Line($"{SyntaxFacts.GetText(model.FactoryAccessibility)} static {Floxide}BatchFlow<{self}, {item}> CreateBatchFlow({Floxide}INode<{self}> itemWorkflow, {options}? options = null, string id = {defaultId})");
        using (writer.OpenBlock())
        {
            writer.Line($"return new {Floxide}BatchFlow<{self}, {item}>(itemWorkflow, options ?? DefaultBatchOptions, id);");
        }

        writer.Line();
    }

    private static void WriteGetBatchItems(SourceWriter writer, BatchContextModel model, string contract, string item, string generatedCode)
    {
        var sequence = model.ItemsAreStream
            ? $"global::System.Collections.Generic.IAsyncEnumerable<{item}>"
            : $"global::System.Collections.Generic.IEnumerable<{item}>";
        var source = "this." + model.ItemsMember;
        if (model.ItemsMayBeNull)
        {
            var message = SymbolDisplay.FormatLiteral(
                $"{model.Hierarchy.SimpleName}.{model.ItemsMember.TrimStart('@')} is null: set the [BatchItems] member before running the batch.",
                quote: true);
            source += $" ?? throw new global::System.InvalidOperationException({message})";
        }

        writer.Line("/// <inheritdoc/>");
        writer.Line(generatedCode);
        writer.Line($"{Floxide}BatchItems<{item}> {contract}.GetBatchItems()");
        using (writer.OpenBlock())
        {
            writer.Line($"{sequence} items = {source};");
            writer.Line($"return new {Floxide}BatchItems<{item}>(items);");
        }

        writer.Line();
    }

    private static void WriteCreateItemContext(SourceWriter writer, BatchContextModel model, string contract, string self, string item, string generatedCode)
    {
        writer.Line("/// <inheritdoc/>");
        writer.Line(generatedCode);
        writer.Line($"{self} {contract}.CreateItemContext({item} item)");
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
                writer.Line($"var itemContext = new {self}(this, item);");
            }

            writer.Line("this.OnItemContextCreated(itemContext);");
            writer.Line("return itemContext;");
        }

        writer.Line();

        if (model.IsRecord)
        {
            return;
        }

        var constructorName = SymbolNames.Identifier(model.Hierarchy.SimpleName);
        if (model.DeclaresDefaultConstructor)
        {
            writer.Line("/// <summary>Creates a context. (Declared by the generator, which adds a constructor of its own.)</summary>");
            writer.Line(generatedCode);
            writer.Line($"public {constructorName}()");
            using (writer.OpenBlock())
            {
            }

            writer.Line();
        }

        writer.Line("/// <summary>");
        writer.Line("/// Creates the context of one item: the item in its slot, [PerItem] members fresh, outputs at their");
        writer.Line("/// initial values, and every other field and auto-property copied from <paramref name=\"parent\"/>.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"parent\">The batch's context.</param>");
        writer.Line("/// <param name=\"item\">The item.</param>");
        writer.Line(generatedCode);
        if (model.SetsRequiredMembers)
        {
            writer.Line("[global::System.Diagnostics.CodeAnalysis.SetsRequiredMembers]");
        }

        writer.Line($"private {constructorName}({self} parent, {item} item)");
        using (writer.OpenBlock())
        {
            writer.Line($"this.{model.SlotMember} = item;");
            foreach (var member in model.Members)
            {
                switch (member.Kind)
                {
                    case ItemContextMemberKind.Copy:
                        writer.Line($"this.{member.Name} = parent.{member.Name};");
                        break;
                    case ItemContextMemberKind.CopyThroughInterface:
                        writer.Line($"(({member.TypeName})this).{member.Name} = (({member.TypeName})parent).{member.Name};");
                        break;
                    case ItemContextMemberKind.PerItem:
                        writer.Line($"this.{member.Name} = new {member.TypeName}();");
                        break;
                    case ItemContextMemberKind.Reset:
                        writer.Line($"this.{member.Name} = default!;");
                        break;
                }
            }
        }

        writer.Line();
    }

    private static void WriteMergeResults(SourceWriter writer, BatchContextModel model, string streaming, string self, string item, string generatedCode)
    {
        writer.Line("/// <inheritdoc/>");
        writer.Line(generatedCode);
        writer.Line($"void {streaming}.MergeResults(global::System.ReadOnlySpan<{Floxide}BatchItemResult<{self}, {item}>> results)");
        using (writer.OpenBlock())
        {
            WriteCollectOutputs(writer, model, "results.Length");
            writer.Line("this.OnResultsMerged(results);");
        }

        writer.Line();
    }

    private static void WriteUpdateWithResults(SourceWriter writer, BatchContextModel model, string contract, string results, string generatedCode)
    {
        writer.Line("/// <inheritdoc/>");
        writer.Line(generatedCode);
        writer.Line($"void {contract}.UpdateWithResults({results} results)");
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

        writer.Line($"global::System.Collections.Generic.ICollection<{model.OutputElementType}> outputs = {source};");
        writer.Line($"for (var i = 0; i < {count}; i++)");
        using (writer.OpenBlock())
        {
            writer.Line("var result = results[i];");
            var condition = $"result.Status == {Floxide}BatchItemStatus.Succeeded && result.Context is {{ }} itemContext";
            if (model.UnwrapOutput)
            {
                writer.Line($"if ({condition} && itemContext.{outputMember} is {{ }} output)");
                using (writer.OpenBlock())
                {
                    writer.Line("outputs.Add(output);");
                }
            }
            else
            {
                writer.Line($"if ({condition})");
                using (writer.OpenBlock())
                {
                    writer.Line($"outputs.Add(itemContext.{outputMember});");
                }
            }
        }

        writer.Line();
    }
}
