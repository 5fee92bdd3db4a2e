namespace Floxide.Generators.Tests.Readme;

/// <summary>
/// Finds the fenced code blocks of a Markdown document the way CommonMark reads them: an opening fence of
/// three or more backticks or tildes, indented at most three spaces, with an optional info string; a
/// closing fence of the same character, at least as long, with nothing after it.
/// </summary>
internal static class MarkdownCodeBlocks
{
    /// <summary>The info-string words that mark a C# block.</summary>
    private static readonly string[] CSharpLanguages = ["csharp", "cs", "c#"];

    /// <summary>Every C# block of <paramref name="markdown"/>, in document order.</summary>
    public static IReadOnlyList<CodeBlock> CSharp(string markdown) =>
        All(markdown).Where(b => CSharpLanguages.Contains(b.Language, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>Every fenced block of <paramref name="markdown"/>, in document order; an unclosed fence is an error naming its line.</summary>
    public static IReadOnlyList<CodeBlock> All(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!IsOpeningFence(lines[i], out var indent, out var fence, out var language))
            {
                continue;
            }

            var content = new List<string>();
            var opening = i;
            for (i++; ; i++)
            {
                if (i == lines.Length)
                {
                    throw new FormatException($"The {fence}{language} fence on line {opening + 1} is never closed.");
                }

                if (IsClosingFence(lines[i], fence))
                {
                    break;
                }

                content.Add(Unindent(lines[i], indent));
            }

            blocks.Add(new CodeBlock(opening + 1, language, string.Join("\n", content)));
        }

        return blocks;
    }

    private static bool IsOpeningFence(string line, out int indent, out string fence, out string language)
    {
        indent = line.Length - line.TrimStart(' ').Length;
        var rest = line.TrimStart(' ');
        var length = rest.Length == 0 || (rest[0] != '`' && rest[0] != '~') ? 0 : rest.TakeWhile(c => c == rest[0]).Count();
        fence = rest[..length];
        var info = rest[length..].Trim();
        language = info.Split(' ', 2)[0];

        // A backtick fence's info string may not contain a backtick (that is inline code).
        return indent <= 3 && length >= 3 && !(rest[0] == '`' && info.Contains('`', StringComparison.Ordinal));
    }

    private static bool IsClosingFence(string line, string fence)
    {
        var rest = line.TrimStart(' ');
        var length = rest.TakeWhile(c => c == fence[0]).Count();
        return line.Length - rest.Length <= 3 && length >= fence.Length && rest[length..].Trim().Length == 0;
    }

    private static string Unindent(string line, int indent)
    {
        var spaces = line.Length - line.TrimStart(' ').Length;
        return line[Math.Min(spaces, indent)..];
    }
}
