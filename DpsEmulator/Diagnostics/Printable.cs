using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace NanoDps.Emulator;

/// <summary>
/// Text from the network made safe to show on a terminal or a page: every control character
/// (C0, DEL, C1: the ones ANSI and OSC escape sequences are made of) becomes <c>\u001b</c> and
/// the like, so a request cannot clear a screen or print a fake line. Everything else stays as it is.
/// </summary>
public static class Printable
{
    /// <summary><paramref name="text"/> with its control characters written as <c>\uXXXX</c>; null stays null.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Escape(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(char.IsControl))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
