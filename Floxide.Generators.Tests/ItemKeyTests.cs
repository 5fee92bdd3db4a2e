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

    /// <summary>The durable scenario with its Ticket record replaced by <paramref name="ticket"/> (a whole type, or a record's key parameter).</summary>
    private static string Durable(string ticket)
    {
        const string Record = "public sealed record Ticket(" + OnProperty + ", string Body);";
        Assert.Contains(Record, Scenarios.DurableContext);
        return Scenarios.DurableContext.Replace(
            Record, ticket.StartsWith("public", StringComparison.Ordinal) ? ticket : "public sealed record Ticket(" + ticket + ", string Body);", StringComparison.Ordinal);
    }
}
