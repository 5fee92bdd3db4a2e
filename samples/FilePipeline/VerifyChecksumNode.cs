using System.Security.Cryptography;
using Floxide;

namespace FilePipeline;

/// <summary>
/// The item workflow: hashes one file and compares it with the manifest; a missing, unreadable or
/// corrupt file throws, which fails that item only. With the generator this is
/// <c>[Node(Id = "verify-checksum")] partial class VerifyChecksumNode</c> with only <see cref="ProcessAsync"/>.
/// </summary>
public sealed class VerifyChecksumNode : INode<ChecksumContext>
{
    /// <inheritdoc/>
    public string Id => "verify-checksum";

    /// <summary>Hashes the item context's file and checks it against the manifest.</summary>
    /// <param name="context">The item context.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when <see cref="ChecksumContext.Verified"/> is set.</returns>
    /// <exception cref="InvalidDataException">The file's checksum differs from the manifest's.</exception>
    public async Task ProcessAsync(ChecksumContext context, CancellationToken cancellationToken)
    {
        var entry = context.Entry;
        await using var stream = new FileStream(entry.Path, FileMode.Open, FileAccess.Read, FileShare.Read, context.BufferSize, useAsync: true);
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        if (!string.Equals(hash, entry.ExpectedSha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"checksum mismatch: manifest says {entry.ExpectedSha256[..12]}…, file has {hash[..12]}…");
        }

        context.Verified = new VerifiedFile(Path.GetFileName(entry.Path), stream.Length, hash);
    }

    /// <inheritdoc/>
    public async ValueTask<NodeAction> RunAsync(ChecksumContext context, CancellationToken cancellationToken)
    {
        await ProcessAsync(context, cancellationToken);
        return NodeAction.Default;
    }
}
