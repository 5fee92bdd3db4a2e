namespace Floxide.Generators.Tests.Integration;

/// <summary>State that <see cref="CaptionBatch"/> implements explicitly.</summary>
public interface ICaptioned
{
    /// <summary>Gets or sets the caption.</summary>
    string Caption { get; set; }
}
