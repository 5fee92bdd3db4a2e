namespace FilePipeline;

/// <summary>One line of the manifest: a file and the SHA-256 it had when it was written.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="ExpectedSha256">The hex SHA-256 recorded in the manifest.</param>
public sealed record ManifestEntry(string Path, string ExpectedSha256);
