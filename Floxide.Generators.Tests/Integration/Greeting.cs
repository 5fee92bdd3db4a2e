namespace Floxide.Generators.Tests.Integration;

/// <summary>The context of <see cref="GreetingFlow"/>, whose steps come from a container.</summary>
public sealed class Greeting
{
    public List<string> Lines { get; } = [];
}
