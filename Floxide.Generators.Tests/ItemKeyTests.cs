using Microsoft.CodeAnalysis;

namespace Floxide.Generators.Tests;

/// <summary>
/// How the generated codec reads the [ItemKey]: <c>[field: ItemKey]</c> puts the attribute on a compiler-generated
/// backing field, which generated code cannot name, so the user means the property and the generated code is exactly
/// what <c>[ItemKey]</c> on the property generates; and each key type is printed in a culture-invariant form that
/// round-trips its value, never null.
/// </summary>
public sealed class ItemKeyTests
{
    private const string OnProperty = "[property: ItemKey] long Id";

    private const string ClassTicket = "public sealed class Ticket { [ItemKey] public long Id { get; init; } public string Body { get; init; } = \"\"; }";

    [Theory]
    [InlineData("positional record", OnProperty, "[field: ItemKey] long Id")]
    [InlineData("auto-property", ClassTicket, "public sealed class Ticket { [field: ItemKey] public long Id { get; init; } public string Body { get; init; } = \"\"; }")]
    [InlineData("property and its backing field", ClassTicket, "public sealed class Ticket { [ItemKey] [field: ItemKey] public long Id { get; init; } public string Body { get; init; } = \"\"; }")]
    public void ItemKeyOnABackingFieldKeysByItsProperty(string shape, string onProperty, string onBackingField)
    {
        var expected = GeneratorHarness.Run(("Tickets.cs", Durable(onProperty))).AssertCompilesCleanly();
        var actual = GeneratorHarness.Run(("Tickets.cs", Durable(onBackingField))).AssertCompilesCleanly();

        var generated = actual.Files["Prompts.TicketBatch.BatchContext.g.cs"];
        Assert.Contains("public string? GetKey(global::Prompts.Ticket item) => global::System.Convert.ToString(item.Id, ", generated);
        Assert.True(expected.Files["Prompts.TicketBatch.BatchContext.g.cs"] == generated, shape);
    }

    /// <summary>
    /// [ItemKey] on a positional record's parameter (with no target, which C# puts on the parameter) marks the property the
    /// record makes of it: the generated code is exactly what <c>[property: ItemKey]</c> generates, for a record class or
    /// struct, beside <c>[property: ItemKey]</c> on the same parameter, and inherited from a base record's parameter.
    /// </summary>
    [Theory]
    [InlineData("record", "public sealed record Ticket([property: ItemKey] long Id, string Body);", "public sealed record Ticket([ItemKey] long Id, string Body);")]
    [InlineData("record struct", "public record struct Ticket([property: ItemKey] long Id, string Body);", "public record struct Ticket([ItemKey] long Id, string Body);")]
    [InlineData(
        "readonly record struct", "public readonly record struct Ticket([property: ItemKey] long Id, string Body);", "public readonly record struct Ticket([ItemKey] long Id, string Body);")]
    [InlineData("parameter and its property", "public sealed record Ticket([property: ItemKey] long Id, string Body);", "public sealed record Ticket([ItemKey] [property: ItemKey] long Id, string Body);")]
    [InlineData(
        "base record's parameter",
        "public record Keyed([property: ItemKey] long Id); public sealed record Ticket(long Id, string Body) : Keyed(Id);",
        "public record Keyed([ItemKey] long Id); public sealed record Ticket(long Id, string Body) : Keyed(Id);")]
    public void ItemKeyOnAPositionalRecordParameterKeysByTheRecordsProperty(string shape, string onProperty, string onParameter)
    {
        var expected = GeneratorHarness.Run(("Tickets.cs", DurableOf(onProperty))).AssertCompilesCleanly();
        var actual = GeneratorHarness.Run(("Tickets.cs", DurableOf(onParameter))).AssertCompilesCleanly();

        var generated = actual.Files["Prompts.TicketBatch.BatchContext.g.cs"];
        Assert.Contains("public string? GetKey(global::Prompts.Ticket item) => global::System.Convert.ToString(item.Id, ", generated);
        Assert.True(expected.Files["Prompts.TicketBatch.BatchContext.g.cs"] == generated, shape);

        // A struct item cannot start as null!.
        static string DurableOf(string ticket) =>
            ticket.Contains("struct", StringComparison.Ordinal) ? Durable(ticket).Replace("public Ticket Ticket { get; set; } = null!;", "public Ticket Ticket { get; set; }", StringComparison.Ordinal) : Durable(ticket);
    }

    /// <summary>
    /// A record of another assembly keyed by its positional parameter: from metadata, which keeps no primary constructor,
    /// the record's property of the parameter's name and type is the key; from a project the IDE references as a
    /// compilation, the property C# made of the parameter, found without binding that project's trees.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void APositionalRecordParameterKeyOfAReferencedAssemblyKeysByItsProperty(bool asCompilation)
    {
        var library = GeneratorHarness.Compile(("Ticket.cs", """
            #pragma warning disable CS1591
            namespace Prompts;

            public sealed record Ticket([Floxide.ItemKey] long Id, string Body);
            """)).WithAssemblyName("Tickets");
        using var image = new MemoryStream();
        Assert.True(library.Emit(image).Success);
        MetadataReference reference = asCompilation ? library.ToMetadataReference() : MetadataReference.CreateFromImage(image.ToArray());
        var consumer = GeneratorHarness.Compile(("Tickets.cs", Durable("// Ticket is the library's"))).AddReferences(reference);

        var generated = GeneratorHarness.Run(consumer).AssertCompilesCleanly().Files["Prompts.TicketBatch.BatchContext.g.cs"];

        Assert.Contains("public string? GetKey(global::Prompts.Ticket item) => global::System.Convert.ToString(item.Id, ", generated);
    }

    [Theory]
    [InlineData("long", "global::System.Convert.ToString(item.Id, global::System.Globalization.CultureInfo.InvariantCulture)")]
    [InlineData("long?", "global::System.Convert.ToString(item.Id, global::System.Globalization.CultureInfo.InvariantCulture)")]
    [InlineData("decimal", "global::System.Convert.ToString(item.Id, global::System.Globalization.CultureInfo.InvariantCulture)")]
    [InlineData("string", "item.Id ?? \"\"")]
    [InlineData("string?", "item.Id ?? \"\"")]
    [InlineData("System.DateTime", "item.Id.ToString(\"O\", global::System.Globalization.CultureInfo.InvariantCulture)")]
    [InlineData("System.DateTime?", "item.Id?.ToString(\"O\", global::System.Globalization.CultureInfo.InvariantCulture) ?? \"\"")]
    [InlineData("System.DateTimeOffset", "item.Id.ToString(\"O\", global::System.Globalization.CultureInfo.InvariantCulture)")]
    [InlineData("System.DateOnly", "item.Id.ToString(\"O\", global::System.Globalization.CultureInfo.InvariantCulture)")]
    [InlineData("System.TimeOnly?", "item.Id?.ToString(\"O\", global::System.Globalization.CultureInfo.InvariantCulture) ?? \"\"")]
    [InlineData("double", "item.Id.ToString(\"R\", global::System.Globalization.CultureInfo.InvariantCulture)")]
    [InlineData("float?", "item.Id?.ToString(\"R\", global::System.Globalization.CultureInfo.InvariantCulture) ?? \"\"")]
    [InlineData("System.Guid", "global::System.Convert.ToString((object?)item.Id, global::System.Globalization.CultureInfo.InvariantCulture) ?? \"\"")]
    [InlineData("System.TimeSpan", "global::System.Convert.ToString((object?)item.Id, global::System.Globalization.CultureInfo.InvariantCulture) ?? \"\"")]
    [InlineData("System.DayOfWeek?", "global::System.Convert.ToString((object?)item.Id, global::System.Globalization.CultureInfo.InvariantCulture) ?? \"\"")]
    [InlineData("System.Version", "global::System.Convert.ToString((object?)item.Id, global::System.Globalization.CultureInfo.InvariantCulture) ?? \"\"")]
    public void EachKeyTypeIsPrintedInARoundTripInvariantForm(string keyType, string key)
    {
        var generated = GeneratorHarness.Run(("Tickets.cs", Durable("[property: ItemKey] " + keyType + " Id"))).AssertCompilesCleanly()
            .Files["Prompts.TicketBatch.BatchContext.g.cs"];

        Assert.Contains("public string? GetKey(global::Prompts.Ticket item) => " + key + ";", generated);
    }

    [Theory]
    [InlineData("class", "int", "global::System.Convert.ToString(item?.Id, global::System.Globalization.CultureInfo.InvariantCulture)")]
    [InlineData("class", "string", "item?.Id ?? \"\"")]
    [InlineData("class", "System.DateTime", "item?.Id.ToString(\"O\", global::System.Globalization.CultureInfo.InvariantCulture) ?? \"\"")]
    [InlineData("class", "double?", "item?.Id?.ToString(\"R\", global::System.Globalization.CultureInfo.InvariantCulture) ?? \"\"")]
    [InlineData("class", "System.Guid", "global::System.Convert.ToString((object?)item?.Id, global::System.Globalization.CultureInfo.InvariantCulture) ?? \"\"")]
    [InlineData("struct", "int", "global::System.Convert.ToString(item?.Id, global::System.Globalization.CultureInfo.InvariantCulture)")]
    [InlineData("struct", "string?", "item?.Id ?? \"\"")]
    public void ANullableItemTypeIsKeyedNullSafelyWithoutWarnings(string kind, string keyType, string key)
    {
        var source = Durable($"public {kind} Ticket {{ [ItemKey] public {keyType} Id {{ get; init; }}{(keyType == "string" ? " = \"\";" : "")} }}")
            .Replace("IAsyncEnumerable<Ticket> Tickets", "IAsyncEnumerable<Ticket?> Tickets", StringComparison.Ordinal)
            .Replace("[BatchItem] public Ticket Ticket { get; set; } = null!;", "[BatchItem] public Ticket? Ticket { get; set; }", StringComparison.Ordinal)
            .Replace("[JsonSerializable(typeof(Ticket))]", kind == "struct" ? "[JsonSerializable(typeof(Ticket?))]" : "[JsonSerializable(typeof(Ticket))]", StringComparison.Ordinal);
        Assert.Contains("IAsyncEnumerable<Ticket?> Tickets", source);
        Assert.Contains("[BatchItem] public Ticket? Ticket { get; set; }", source);

        var generated = GeneratorHarness.Run(("Tickets.cs", source)).AssertCompilesCleanly().Files["Prompts.TicketBatch.BatchContext.g.cs"];

        Assert.Contains("public string? GetKey(global::Prompts.Ticket? item) => " + key + ";", generated);
    }

    /// <summary>
    /// The durable scenario with its Ticket record replaced by <paramref name="ticket"/> (whole declarations, a comment when
    /// another assembly declares it, or a record's key parameter).
    /// </summary>
    private static string Durable(string ticket)
    {
        const string Record = "public sealed record Ticket(" + OnProperty + ", string Body);";
        Assert.Contains(Record, Scenarios.DurableContext);
        var whole = ticket.StartsWith("public", StringComparison.Ordinal) || ticket.StartsWith("//", StringComparison.Ordinal);
        return Scenarios.DurableContext.Replace(Record, whole ? ticket : "public sealed record Ticket(" + ticket + ", string Body);", StringComparison.Ordinal);
    }
}
