using Floxide;

namespace WordFrequency;

/// <summary>
/// The item workflow: reads one file and counts its words. The generator makes it an
/// <see cref="INode{TContext}"/> around <see cref="ProcessAsync"/>.
/// </summary>
[Node(Id = "count-words")]
public sealed partial class CountWordsNode
{
    /// <summary>Counts the words of the item context's file.</summary>
    /// <param name="context">The item context.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when <see cref="WordFrequencyContext.Counts"/> is set.</returns>
    public async Task ProcessAsync(WordFrequencyContext context, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(context.File, cancellationToken);
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var token in text.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = token.Trim('\'').ToLowerInvariant();
            if (word.Length == 0)
            {
                continue;
            }

            total++;
            if (word.Length >= context.MinWordLength && !context.StopWords.Contains(word))
            {
                words[word] = words.GetValueOrDefault(word) + 1;
            }
        }

        context.Counts = new FileCounts(Path.GetFileName(context.File), total, words);
    }

    private static readonly char[] Separators = [.. " \t\r\n.,;:!?\"()[]-—–".ToCharArray()];
}
