using Floxide;

namespace WordFrequency;

/// <summary>
/// The item workflow: reads one file and counts its words. With the generator this is
/// <c>[Node(Id = "count-words")] partial class CountWordsNode</c> with only <see cref="ProcessAsync"/>;
/// the two INode members below are what it generates.
/// </summary>
public sealed class CountWordsNode : INode<WordFrequencyContext>
{
    /// <inheritdoc/>
    public string Id => "count-words";

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

    /// <inheritdoc/>
    public async ValueTask<NodeAction> RunAsync(WordFrequencyContext context, CancellationToken cancellationToken)
    {
        await ProcessAsync(context, cancellationToken);
        return NodeAction.Default;
    }

    private static readonly char[] Separators = [.. " \t\r\n.,;:!?\"()[]-—–".ToCharArray()];
}
