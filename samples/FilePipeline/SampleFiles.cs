using System.Security.Cryptography;

namespace FilePipeline;

/// <summary>Generates the sample's files and manifest, then breaks some of them on purpose.</summary>
public static class SampleFiles
{
    /// <summary>Writes <paramref name="count"/> files of pseudo-random bytes and returns their manifest, with some files then made to fail.</summary>
    /// <param name="folder">Where to write them.</param>
    /// <param name="count">How many files.</param>
    /// <returns>The manifest (recorded before the damage) and what was damaged.</returns>
    public static (List<ManifestEntry> Manifest, List<string> Damage) Generate(string folder, int count)
    {
        var random = new Random(2024); // seeded: the same files and the same failures every run
        var manifest = new List<ManifestEntry>(count);
        for (var i = 1; i <= count; i++)
        {
            var path = Path.Combine(folder, $"data-{i:D3}.bin");
            var bytes = new byte[random.Next(4 * 1024, 256 * 1024)];
            random.NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            manifest.Add(new ManifestEntry(path, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }

        var damage = new List<string>();

        // Missing: deleted after the manifest was written.
        File.Delete(manifest[6].Path);
        damage.Add($"{Path.GetFileName(manifest[6].Path)}: deleted (missing)");

        // Corrupt: one byte flipped, so the checksum no longer matches.
        foreach (var index in new[] { 13, 27 })
        {
            var bytes = File.ReadAllBytes(manifest[index].Path);
            bytes[bytes.Length / 2] ^= 0xFF;
            File.WriteAllBytes(manifest[index].Path, bytes);
            damage.Add($"{Path.GetFileName(manifest[index].Path)}: one byte flipped (corrupt)");
        }

        // Unreadable: replaced by a directory of the same name, which cannot be opened as a file
        // (unlike a permission change, this fails for every user, root included, on every OS).
        File.Delete(manifest[20].Path);
        Directory.CreateDirectory(manifest[20].Path);
        damage.Add($"{Path.GetFileName(manifest[20].Path)}: replaced by a directory (unreadable)");

        damage.Sort(StringComparer.Ordinal);
        return (manifest, damage);
    }
}
