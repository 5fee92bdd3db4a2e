namespace WordFrequency;

/// <summary>One file's word counts: the output of one batch item.</summary>
/// <param name="File">The file's name.</param>
/// <param name="TotalWords">How many words the file has, counted or not.</param>
/// <param name="Words">How often each counted word occurs.</param>
public sealed record FileCounts(string File, int TotalWords, IReadOnlyDictionary<string, int> Words);
