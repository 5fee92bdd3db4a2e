using System.Text.RegularExpressions;
using Floxide.Generators.Tests.Readme;

namespace Floxide.CodeFixes.Tests.Docs;

/// <summary>
/// The C# examples of one page of docs/diagnostics, sorted by where they stand: under <c>### Before</c>, under
/// <c>### After</c>, or in the page's collapsed <c>&lt;details&gt;</c> section whose summary is
/// <see cref="RestSummary"/>, which holds the declarations both sides use.
/// </summary>
/// <param name="Id">The diagnostic ID, from the file name.</param>
/// <param name="Before">The blocks that show the mistake, each an alternative.</param>
/// <param name="After">The blocks that show the fix, each an alternative.</param>
/// <param name="Rest">The blocks of "The rest of the example", compiled with every Before and After block.</param>
/// <param name="BeforeProjects">The <c>```xml</c> blocks under Before: the project file its examples are compiled as
/// (at most one; see <see cref="ProjectFile"/>).</param>
/// <param name="AfterProjects">The <c>```xml</c> blocks under After, likewise.</param>
/// <param name="Stray">C# blocks anywhere else: an error, since nothing would compile them.</param>
/// <param name="HasCodeFix">Whether the page's table says <c>| Code fix | yes |</c>.</param>
internal sealed record DiagnosticPage(
    string Id,
    IReadOnlyList<CodeBlock> Before,
    IReadOnlyList<CodeBlock> After,
    IReadOnlyList<CodeBlock> Rest,
    IReadOnlyList<CodeBlock> BeforeProjects,
    IReadOnlyList<CodeBlock> AfterProjects,
    IReadOnlyList<CodeBlock> Stray,
    bool HasCodeFix)
{
    /// <summary>The summary line of the collapsed section that holds the supporting declarations.</summary>
    public const string RestSummary = "<summary>The rest of the example</summary>";

    /// <summary>Reads a page's Markdown.</summary>
    public static DiagnosticPage Parse(string id, string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var all = MarkdownCodeBlocks.All(markdown);
        var csharp = MarkdownCodeBlocks.CSharp(markdown).ToHashSet();
        var xml = all.Where(b => b.Language == "xml").ToHashSet();

        // The lines inside fences (any language) are code, not headings or HTML.
        var fenced = new HashSet<int>();
        foreach (var block in all)
        {
            var count = block.Text.Split('\n').Length;
            for (var line = block.Line; line <= block.Line + count + 1; line++)
            {
                fenced.Add(line);
            }
        }

        var before = new List<CodeBlock>();
        var after = new List<CodeBlock>();
        var rest = new List<CodeBlock>();
        var stray = new List<CodeBlock>();
        var beforeProjects = new List<CodeBlock>();
        var afterProjects = new List<CodeBlock>();
        string? section = null;
        var inRest = false;
        var blocksByLine = all.Where(csharp.Contains).ToDictionary(b => b.Line);
        var projectsByLine = all.Where(xml.Contains).ToDictionary(b => b.Line);
        for (var number = 1; number <= lines.Length; number++)
        {
            if (projectsByLine.TryGetValue(number, out var project))
            {
                // A project file in a Before or After section is what its examples are compiled as; elsewhere it is prose.
                (section == "Before" && !inRest ? beforeProjects : section == "After" && !inRest ? afterProjects : null)?.Add(project);
                continue;
            }

            if (blocksByLine.TryGetValue(number, out var block))
            {
                (inRest ? rest : section == "Before" ? before : section == "After" ? after : stray).Add(block);
                continue;
            }

            if (fenced.Contains(number))
            {
                continue;
            }

            var text = lines[number - 1].Trim();
            if (Regex.IsMatch(text, "^#{1,6} "))
            {
                section = text is "### Before" ? "Before" : text is "### After" ? "After" : null;
            }
            else if (text.StartsWith("<details", StringComparison.Ordinal))
            {
                var summary = lines.Skip(number).FirstOrDefault(l => l.Trim().Length > 0)?.Trim();
                inRest = summary == RestSummary;
            }
            else if (text.StartsWith("</details>", StringComparison.Ordinal))
            {
                inRest = false;
            }
        }

        var hasCodeFix = lines.Any(l => Regex.IsMatch(l, @"^\|\s*Code fix\s*\|\s*yes\s*\|"));
        return new DiagnosticPage(id, before, after, rest, beforeProjects, afterProjects, stray, hasCodeFix);
    }
}
