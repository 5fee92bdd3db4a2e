using System.Reflection;
using Floxide.Generators.Diagnostics;
using Floxide.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Floxide.CodeFixes.Tests;

/// <summary>
/// The descriptor catalog, the analyzers, the release-tracking file and the documentation agree: every
/// ID is reported by an analyzer, documented on its own page, listed in the docs index and tracked.
/// </summary>
public sealed class CatalogTests
{
    private static readonly DiagnosticDescriptor[] Descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToArray();

    private static readonly string RepositoryRoot = RepositoryPaths.Root();

    [Fact]
    public void IdsAreContiguousWithinTheirReservedRanges()
    {
        // Features own ranges of 50 IDs (FLX0001-FLX0049 the core DSL, FLX0100-FLX0149 workflows, ...);
        // within each range IDs are taken in order from its first number, with no gaps.
        foreach (var range in Descriptors.GroupBy(d => int.Parse(d.Id.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture) / 50))
        {
            var first = Math.Max(1, range.Key * 50);
            Assert.Equal(
                Enumerable.Range(first, range.Count()).Select(i => $"FLX{i:0000}"),
                range.Select(d => d.Id));
        }
    }

    [Fact]
    public void TheReadmeNamesEachRangeFromItsFirstToItsLastId()
    {
        // "Every misuse of the DSL is an analyzer diagnostic with a stable ID (`FLX0001`…`FLX0033` for contexts and ...)"
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md"));
        var stated = System.Text.RegularExpressions.Regex.Matches(readme, @"`(FLX\d{4})`…`(FLX\d{4})` for ")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value));
        var ranges = Descriptors
            .GroupBy(d => int.Parse(d.Id.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture) / 50)
            .Select(range => (range.First().Id, range.Last().Id));

        Assert.Equal(ranges, stated);
    }

    [Fact]
    public void EveryDescriptorIsSupportedByAnAnalyzer()
    {
        var supported = typeof(PartialTypeAnalyzer).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(DiagnosticAnalyzer)) && !t.IsAbstract)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .Select(d => d.Id)
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(Descriptors, d => Assert.Contains(d.Id, supported));
    }

    [Fact]
    public void EveryDescriptorHasItsPageAndIsIndexed()
    {
        var index = File.ReadAllText(Path.Combine(RepositoryRoot, "docs", "diagnostics", "README.md"));
        foreach (var descriptor in Descriptors)
        {
            var page = Path.Combine(RepositoryRoot, "docs", "diagnostics", descriptor.Id + ".md");
            Assert.True(File.Exists(page), page);
            var text = File.ReadAllText(page);
            Assert.StartsWith($"# {descriptor.Id}: {descriptor.Title}", text, StringComparison.Ordinal);
            foreach (var section in new[] { "## What is wrong", "## Why it matters", "## How to fix it", "### Before", "### After" })
            {
                Assert.Contains(section, text, StringComparison.Ordinal);
            }

            Assert.Contains($"[{descriptor.Id}]({descriptor.Id}.md)", index, StringComparison.Ordinal);
            Assert.Equal(DiagnosticDescriptors.HelpLink(descriptor.Id), descriptor.HelpLinkUri);
            Assert.EndsWith("docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryDescriptorIsTrackedWithItsCategoryAndSeverity()
    {
        var tracked = File.ReadAllLines(Path.Combine(RepositoryRoot, "Floxide.Generators", "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(RepositoryRoot, "Floxide.Generators", "AnalyzerReleases.Shipped.md")))
            .ToArray();
        foreach (var descriptor in Descriptors)
        {
            Assert.Contains(tracked, line => line.StartsWith($"{descriptor.Id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", StringComparison.Ordinal));
        }
    }
}
