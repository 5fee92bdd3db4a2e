using System.Globalization;

namespace Floxide.Benchmarks.Compare;

/// <summary>Reads <c>--name value</c> options from a command's arguments (every command here takes them the same way).</summary>
public static class CommandOptions
{
    /// <summary>Gets the value after <paramref name="name"/>.</summary>
    /// <param name="args">The command's arguments.</param>
    /// <param name="name">The option, e.g. <c>--rounds</c>.</param>
    /// <returns>The value, or null when the option is absent or last.</returns>
    public static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>Gets the whole number after <paramref name="name"/>.</summary>
    /// <param name="args">The command's arguments.</param>
    /// <param name="name">The option, e.g. <c>--rounds</c>.</param>
    /// <returns>The number, or null when the option is absent.</returns>
    /// <exception cref="ArgumentException">The value is not a positive whole number.</exception>
    public static int? Int(string[] args, string name) => Value(args, name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 => value,
        var text => throw new ArgumentException($"{name} takes a positive whole number, not '{text}'.", nameof(args)),
    };
}
