namespace Floxide.Generators.Tests.Integration;

/// <summary>The base of <see cref="RenamedBatch"/>: state its context overrides with accessor bodies or hides with <c>new</c>.</summary>
public class NamedBase
{
    /// <summary>Gets or sets the name; <see cref="RenamedBatch"/> overrides it with accessor bodies.</summary>
    public virtual string Name { get; set; } = "";

    /// <summary>The limit; <see cref="RenamedBatch"/> hides it with a property of another type.</summary>
    public int Limit = 10;

    /// <summary>Gets or sets the caption; <see cref="RenamedBatch"/> hides it with a property of another type.</summary>
    public string Caption { get; set; } = "base";

    /// <summary>Gets the region; <see cref="RenamedBatch"/> hides it with a property of another type, so its init accessor is reached through <c>base</c>.</summary>
    public string Region { get; init; } = "base";
}
