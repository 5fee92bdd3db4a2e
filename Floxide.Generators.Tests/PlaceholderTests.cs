namespace Floxide.Generators.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void GeneratorTypeIsPublic() => Assert.True(typeof(FloxideGenerator).IsPublic);
}
