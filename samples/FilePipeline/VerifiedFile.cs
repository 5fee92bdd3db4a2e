namespace FilePipeline;

/// <summary>A file whose checksum matched the manifest: the output of one batch item.</summary>
/// <param name="Name">The file's name.</param>
/// <param name="Bytes">Its length.</param>
/// <param name="Sha256">Its hex SHA-256.</param>
public sealed record VerifiedFile(string Name, long Bytes, string Sha256);
