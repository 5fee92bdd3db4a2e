using System.Text.Json.Serialization;

namespace Floxide.Generators.Tests.Workflows.Integration;

/// <summary>The JSON <see cref="Invoice"/> saves its items and outputs with.</summary>
[JsonSerializable(typeof(int))]
internal sealed partial class InvoiceJson : JsonSerializerContext;
