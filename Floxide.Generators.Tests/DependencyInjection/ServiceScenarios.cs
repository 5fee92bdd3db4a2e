namespace Floxide.Generators.Tests.DependencyInjection;

/// <summary>Sources for the generated <c>AddFloxideNodes()</c>.</summary>
internal static class ServiceScenarios
{
    /// <summary>
    /// Nodes with constructor dependencies (an HttpClient, a logger, optional options, a value with a default),
    /// a node without, nodes the container cannot create with a constructor call alone (no accessible constructor,
    /// required members, an obsolete constructor), one that sets its required members, a generic one, and a workflow
    /// whose steps come from the container. <c>IHttpClientFactory</c> is declared here: the
    /// generator only looks for its metadata name.
    /// </summary>
    public const string Services = """
        using System.Net.Http;
        using Floxide;
        using Microsoft.Extensions.Logging;

        namespace System.Net.Http
        {
            public interface IHttpClientFactory { HttpClient CreateClient(string name); }
        }

        namespace Shop.Services
        {
            public sealed class Order
            {
                public int Priced { get; set; }
            }

            public sealed class PricingOptions { public int Rate { get; set; } = 1; }

            [Node]
            public partial class FetchNode
            {
                private readonly HttpClient _client;
                private readonly ILogger<FetchNode> _logger;

                public FetchNode(HttpClient client, ILogger<FetchNode> logger)
                {
                    _client = client;
                    _logger = logger;
                }

                public void Process(Order order) => _logger.LogDebug("{Base}", _client.BaseAddress);
            }

            [Node]
            public partial class PriceNode
            {
                private readonly int _rate;

                public PriceNode() : this(null) { }

                public PriceNode(PricingOptions? options, int retries = 3, string? label = null) => _rate = (options?.Rate ?? 1) * retries + (label?.Length ?? 0);

                public void Process(Order order) => order.Priced = _rate;
            }

            [Node]
            public partial class AuditNode { public void Process(Order order) { } }

            [Node]
            public partial class SealedOff
            {
                private SealedOff() { }

                public static SealedOff Create() => new();

                public void Process(Order order) { }
            }

            [Node]
            public partial class RequiredNode
            {
                public required PricingOptions Options { get; init; }

                public void Process(Order order) { }
            }

            [Node]
            public partial class SetsRequiredNode
            {
                [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
                public SetsRequiredNode(PricingOptions options) => Options = options;

                public required PricingOptions Options { get; init; }

                public void Process(Order order) { }
            }

            [Node]
            public partial class OldNode
            {
                [System.Obsolete("Use the new one.")]
                public OldNode() { }

                public void Process(Order order) { }
            }

            [Node]
            public partial class NamedNode
            {
                public NamedNode(string name = "default", PricingOptions? options = null) => Name = name + (options is null ? "" : "*");

                public string Name { get; }

                public void Process(Order order) { }
            }

            public static partial class Generic
            {
                [Node] public partial class EchoNode<T> { public void Process(Order order) { } }
            }

            [Workflow(typeof(Order))]
            [Start(typeof(FetchNode))]
            [Route(typeof(FetchNode), typeof(PriceNode))]
            [Route(typeof(PriceNode), typeof(AuditNode))]
            public partial class OrderFlow { }
        }
        """;
}
