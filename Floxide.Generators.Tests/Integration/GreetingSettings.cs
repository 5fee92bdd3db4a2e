namespace Floxide.Generators.Tests.Integration;

/// <summary>A dependency of <see cref="GreetNode"/>, registered in the container.</summary>
public sealed record GreetingSettings(string Salutation);
