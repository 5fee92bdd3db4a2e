using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Floxide.Generators.Models;

namespace Floxide.Generators.Helpers;

/// <summary>
/// Roslyn requires a generator's hint names to be unique ignoring case, but C# names are case-sensitive:
/// <c>Demo.Ctx</c> and <c>Demo.ctx</c> are two types whose files would share one hint name, and the
/// second <c>AddSource</c> would throw and fail the whole generator. Only the names that collide get a
/// suffix, so every other file keeps its plain name.
/// </summary>
internal static class HintNameCollisions
{
    /// <summary>The metadata names among <paramref name="metadataNames"/> that equal another one ignoring case, sorted.</summary>
    public static EquatableArray<string> Find(ImmutableArray<string> metadataNames)
    {
        var byFoldedName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in metadataNames)
        {
            byFoldedName.TryGetValue(name, out var count);
            byFoldedName[name] = count + 1;
        }

        var colliding = new List<string>();
        foreach (var name in metadataNames)
        {
            if (byFoldedName[name] > 1)
            {
                colliding.Add(name);
            }
        }

        colliding.Sort(StringComparer.Ordinal);
        return new EquatableArray<string>(colliding.ToArray());
    }

    /// <summary>A suffix that tells <paramref name="metadataName"/> from the names equal to it ignoring case: a 64-bit FNV-1a hash of its exact spelling.</summary>
    public static string Suffix(string metadataName)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in metadataName)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
