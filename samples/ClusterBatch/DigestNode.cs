using System.Security.Cryptography;
using Floxide;

namespace ClusterBatch;

/// <summary>The item workflow: hashes the seed <see cref="DigestBatch.Rounds"/> times. One instance per silo.</summary>
/// <param name="silo">The silo it runs on, recorded in each output.</param>
[Node(Id = "digest")]
public sealed partial class DigestNode(string silo)
{
    /// <summary>Hashes the item's seed.</summary>
    /// <param name="context">The item context.</param>
    public void Process(DigestBatch context)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> next = stackalloc byte[SHA256.HashSizeInBytes];
        BitConverter.TryWriteBytes(hash, context.Seed);
        for (var round = 0; round < context.Rounds; round++)
        {
            SHA256.HashData(hash, next);
            next.CopyTo(hash);
        }

        context.Digest = new Digest { Seed = context.Seed, Hash = Convert.ToHexString(hash[..8]), Silo = silo };
    }
}
