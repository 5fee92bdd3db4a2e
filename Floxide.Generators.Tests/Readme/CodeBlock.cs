namespace Floxide.Generators.Tests.Readme;

/// <summary>One fenced code block of a Markdown file.</summary>
/// <param name="Line">The 1-based line of its opening fence.</param>
/// <param name="Language">The info string's first word (<c>csharp</c>, <c>sh</c>, …); empty when there is none.</param>
/// <param name="Text">The lines between the fences, with the fence's indentation removed.</param>
internal sealed record CodeBlock(int Line, string Language, string Text)
{
    /// <summary>The first line that says what the block is about: not blank, not a <c>using</c> directive.</summary>
    public string Opening =>
        Text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal))
        ?? Text.Split('\n')[0].Trim();
}
