using Microsoft.Extensions.Logging;

namespace Floxide.Generators.Tests.Integration;

/// <summary>A node that takes a logger, the most common dependency.</summary>
[Node]
public partial class SignNode(ILogger<SignNode> logger)
{
    public void Process(Greeting greeting)
    {
        logger.LogDebug("Signing {Count} lines", greeting.Lines.Count);
        greeting.Lines.Add("signed");
    }
}
