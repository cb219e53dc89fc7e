namespace NanoDps.VirtualDevice;

/// <summary>
/// Where the virtual device writes: the console in the real program, a <see cref="StringWriter"/> in
/// tests. <see cref="Interactive"/> is true when a person watches a terminal: waits then show a
/// countdown that rewrites one line, and warnings and errors are coloured.
/// </summary>
public sealed class Terminal
{
    /// <summary>Creates a terminal over <paramref name="output"/> and <paramref name="error"/>.</summary>
    public Terminal(TextWriter output, TextWriter error, bool interactive)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
    }

    /// <summary>Standard output: the device's log and the summary.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: usage and configuration problems.</summary>
    public TextWriter Error { get; }

    /// <summary>True when output goes to a terminal (not redirected to a file or a pipe).</summary>
    public bool Interactive { get; }

    /// <summary>The process's console; interactive unless stdout is redirected.</summary>
    public static Terminal FromConsole() => new(Console.Out, Console.Error, !Console.IsOutputRedirected);

    /// <summary><paramref name="text"/> in an ANSI colour when interactive (and NO_COLOR is unset), as is otherwise.</summary>
    public string Colour(string text, int ansiColour) =>
        Interactive && Environment.GetEnvironmentVariable("NO_COLOR") is null ? $"\u001b[{ansiColour}m{text}\u001b[0m" : text;

    /// <summary>Writes a line to <see cref="Out"/> and flushes it, so each step shows as it happens.</summary>
    public void Line(string text = "")
    {
        lock (Out)
        {
            Out.WriteLine(text);
            Out.Flush();
        }
    }
}
