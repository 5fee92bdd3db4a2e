namespace Floxide.Generators.Tests.Integration;

/// <summary>A workflow that a container creates, steps and their dependencies included.</summary>
[Workflow(typeof(Greeting))]
[Start(typeof(GreetNode))]
[Route(typeof(GreetNode), typeof(SignNode))]
public partial class GreetingFlow
{
}
