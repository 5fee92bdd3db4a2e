using System;
using System.Text;

namespace Floxide.Generators.Helpers;

/// <summary>
/// Writes C# source line by line with block indentation, so emitters read like the code they
/// produce. Lines end with <c>\n</c> whatever the platform, so output is identical everywhere.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    private readonly StringBuilder _builder = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation; an empty line stays empty.</summary>
    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            for (var i = 0; i < _indent; i++)
            {
                _builder.Append(IndentUnit);
            }

            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes several lines, each at the current indentation.</summary>
    public SourceWriter Lines(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            Line(line.TrimEnd('\r'));
        }

        return this;
    }

    /// <summary>Writes <c>{</c> and indents; dispose the result to write the matching <c>}</c>.</summary>
    public Block OpenBlock(string? closing = null)
    {
        Line("{");
        _indent++;
        return new Block(this, closing ?? "}");
    }

    /// <summary>Gets the text written so far.</summary>
    public override string ToString() => _builder.ToString();

    /// <summary>Closes a block opened by <see cref="OpenBlock"/>.</summary>
    public readonly struct Block : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string _closing;

        internal Block(SourceWriter writer, string closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            _writer._indent--;
            _writer.Line(_closing);
        }
    }
}
