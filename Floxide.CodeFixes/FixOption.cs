namespace Floxide.CodeFixes;

/// <summary>One fix a provider offers for one diagnostic: the key Fix All groups by and the title the user sees.</summary>
public sealed class FixOption
{
    /// <summary>Creates an option.</summary>
    /// <param name="key">The equivalence key, <c>Floxide.{diagnostic ID}.{fix}</c>: stable, and never shared by two IDs.</param>
    /// <param name="title">The title the user sees.</param>
    public FixOption(string key, string title)
    {
        Key = key;
        Title = title;
    }

    /// <summary>The equivalence key, <c>Floxide.{diagnostic ID}.{fix}</c>.</summary>
    public string Key { get; }

    /// <summary>The title the user sees.</summary>
    public string Title { get; }
}
