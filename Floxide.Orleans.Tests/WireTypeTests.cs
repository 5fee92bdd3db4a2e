using global::Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Floxide.Orleans.Tests;

/// <summary>What may cross the wire: a type with an Orleans serializer of any kind, and nothing else.</summary>
public sealed class WireTypeTests
{
    [Fact]
    public void A_type_Orleans_serializes_as_JSON_passes_the_check_and_round_trips()
    {
        using var services = new ServiceCollection()
            .AddSerializer(serializer => serializer.AddJsonSerializer(isSupported: type => type == typeof(JsonReply)))
            .BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        WireTypes.EnsureSerializable(serializer, typeof(JsonReply), "reply", "json");

        var copy = serializer.Deserialize<object>(serializer.SerializeToArray<object>(new JsonReply { Text = "over the wire" }));
        Assert.Equal("over the wire", Assert.IsType<JsonReply>(copy).Text);
    }

    [Fact]
    public void A_type_without_any_Orleans_serializer_is_refused_naming_it_its_role_and_the_workflow()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();

        var error = Assert.Throws<InvalidOperationException>(() => WireTypes.EnsureSerializable(serializer, typeof(JsonReply), "request", "json"));

        Assert.StartsWith($"Type '{typeof(JsonReply)}', the request of Floxide workflow 'json', cannot cross the wire", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_whose_request_is_null_crosses_Orleans_serializer_as_null()
    {
        // A mapping with a nullable request type may send null: the call must not lose it or fail on it.
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = services.GetRequiredService<Serializer>();
        var call = new ItemCall { Workflow = "text", WorkflowId = "square", Request = null, ItemKey = new DurableKey { BatchId = "b", ItemKey = "7" } };

        var copy = serializer.Deserialize<ItemCall>(serializer.SerializeToArray(call))!;

        Assert.Null(copy.Request);
        Assert.Equal(("text", "square", "b", "7"), (copy.Workflow, copy.WorkflowId, copy.ItemKey!.BatchId, copy.ItemKey.ItemKey));
    }

    /// <summary>A plain class: serializable only where JSON is registered for it.</summary>
    public sealed class JsonReply
    {
        public string Text { get; init; } = "";
    }
}
