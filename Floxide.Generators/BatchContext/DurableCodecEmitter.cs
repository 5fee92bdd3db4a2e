using Floxide.Generators.Helpers;
using Microsoft.CodeAnalysis.CSharp;

namespace Floxide.Generators.BatchContext;

/// <summary>
/// Writes what a <c>[BatchContext(DurableJson = ...)]</c> adds: <c>DurableCodec</c> and <c>CreateDurableRun</c>, with
/// items identified by their [ItemKey] member or input position, fingerprinted from their JSON, and the [ItemOutput]
/// written and restored as JSON through the named <c>JsonSerializerContext</c>.
/// </summary>
internal static class DurableCodecEmitter
{
    private const string Floxide = BatchContextTypeNames.Runtime;

    /// <summary>Writes the codec, its <c>DurableCodec</c> property and <c>CreateDurableRun</c>.</summary>
    public static void Write(SourceWriter writer, BatchContextModel model, BatchContextTypeNames names)
    {
        var (self, item, accessibility, json) = (names.Self, names.Item, SyntaxFacts.GetText(model.FactoryAccessibility), model.DurableJson!);
        const string Json = "global::System.Text.Json.";
        var codec = $"{Floxide}IItemStateCodec<{self}, {item}>";
        writer.Lines($$"""

            /// <summary>
            /// Gets the codec durable runs of this context use: items identified by {{(model.ItemKey is { } keyMember ? $"their [ItemKey] member ({keyMember.Member})" : "input position")}} and fingerprinted
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

                public string? GetKey({{item}} item) => {{(model.ItemKey is { } key ? KeyExpression(key) : "null")}};

                public long GetFingerprint({{item}} item) => {{Floxide}}ItemFingerprint.Of({{Json}}JsonSerializer.SerializeToUtf8Bytes(item, ItemInfo));

                public void WriteOutputs({{self}} itemContext, global::System.Buffers.IBufferWriter<byte> writer)
                """);
            using (writer.OpenBlock())
            {
                if (model.ItemOutputType is not null)
                {
                    writer.Lines($$"""
                        using var json = new {{Json}}Utf8JsonWriter(writer);
                        {{Json}}JsonSerializer.Serialize(json, {{(model.ItemOutputIsDynamic ? "(object)" : "")}}itemContext.{{model.ItemOutputMember}}{{(model.ItemOutputIsDynamic ? "!" : "")}}, OutputInfo);
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

    /// <summary>
    /// The item's key as a culture-invariant string that round-trips the member's value, never null (a null member is the
    /// empty string), so a keyed context never mixes keyed and positional identities. A null item has no member to read:
    /// it is keyed like a null member (null meaning "by position" for one item would let its position's digits collide
    /// with another item's key; see docs/durability.md).
    /// </summary>
    private static string KeyExpression(ItemKeyModel key)
    {
        const string Invariant = "global::System.Globalization.CultureInfo.InvariantCulture";
        var value = (key.ItemMayBeNull ? "item?." : "item.") + key.Member;
        return key.Format switch
        {
            ItemKeyFormat.Text => $"{value} ?? \"\"",
            ItemKeyFormat.Convert => $"global::System.Convert.ToString({value}, {Invariant})",
            ItemKeyFormat.RoundTripNumber => Formatted("R"),
            ItemKeyFormat.RoundTripDate => Formatted("O"),
            _ => $"global::System.Convert.ToString((object?){value}, {Invariant}) ?? \"\"",
        };

        string Formatted(string format) => key.IsNullableValue
            ? $"{value}?.ToString(\"{format}\", {Invariant}) ?? \"\""
            : key.ItemMayBeNull
            ? $"{value}.ToString(\"{format}\", {Invariant}) ?? \"\""
            : $"{value}.ToString(\"{format}\", {Invariant})";
    }
}
