using System.Globalization;
using System.Text;

namespace Floxide.Generators.Helpers;

/// <summary>How user text (a step id, say) goes into a generated XML doc comment.</summary>
internal static class XmlDocText
{
    /// <summary>
    /// <paramref name="text"/> XML-escaped and kept on one line. <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> and <c>"</c>
    /// become entities (CS1570 otherwise). A line break (<c>\n</c>, <c>\r</c>, U+0085, U+2028, U+2029) would end the
    /// <c>///</c> line and leave the rest of the text as code, and other control characters, lone surrogates and the
    /// non-characters U+FFFE and U+FFFF (not control characters, but outside XML's Char production) are not XML at all,
    /// even as character references: those are spelled as C# escapes (<c>\n</c>, <c>\u2028</c>), as the id would be
    /// written in the attribute.
    /// </summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\uFFFE' or '\uFFFF')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
