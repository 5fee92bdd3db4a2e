using System.Security.Cryptography;
using Floxide;

namespace FilePipeline;

/// <summary>Hashes the entry's file; a missing or unreadable file throws, which fails that item only.</summary>
[Node(Id = "hash")]
public sealed partial class HashFileNode
{
    /// <summary>Reads the file and records its SHA-256 and length.</summary>
    /// <param name="context">The item context.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when <see cref="ChecksumContext.Actual"/> is set.</returns>
    public async Task ProcessAsync(ChecksumContext context, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(context.Entry.Path, FileMode.Open, FileAccess.Read, FileShare.Read, context.BufferSize, useAsync: true);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        context.Actual = (hash, stream.Length);
    }
}
