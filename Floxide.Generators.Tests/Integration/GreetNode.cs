namespace Floxide.Generators.Tests.Integration;

/// <summary>A node with a constructor dependency: the generated registration resolves it from the container.</summary>
[Node]
public partial class GreetNode(GreetingSettings settings)
{
    public void Process(Greeting greeting) => greeting.Lines.Add(settings.Salutation);
}
