namespace Floxide.Generators.Tests.Integration;

/// <summary>A workflow whose only step retries itself.</summary>
[Workflow(typeof(RetryBatch))]
[Start(typeof(SyncRetryNode))]
public partial class RetryFlow
{
}
