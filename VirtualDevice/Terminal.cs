namespace NanoDps.VirtualDevice;

/// <summary>
/// Where the virtual device reads and writes: the console in the real program, string readers and
/// writers in tests. <see cref="Interactive"/> is true when a person watches a terminal: waits then
/// show a countdown that rewrites one line, and warnings and errors are coloured. Keys that the
/// tools read from standard input are not echoed when it is a terminal.
/// </summary>
public sealed class Terminal
{
    private readonly IReadOnlyDictionary<string, string>? _environment;

    /// <summary>
    /// Creates a terminal over <paramref name="output"/> and <paramref name="error"/>; standard input is
    /// <paramref name="input"/> (none when null) and the environment variables <paramref name="environment"/>
    /// (the process's when null).
    /// </summary>
    public Terminal(TextWriter output, TextWriter error, bool interactive, TextReader? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
        In = input ?? TextReader.Null;
        _environment = environment;
    }

    /// <summary>Standard output: the device's log and the summary.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error: usage and configuration problems.</summary>
    public TextWriter Error { get; }

    /// <summary>Standard input, for a key given as <c>-</c>.</summary>
    public TextReader In { get; }

    /// <summary>True when output goes to a terminal (not redirected to a file or a pipe).</summary>
    public bool Interactive { get; }

    /// <summary>True when standard input is a terminal a person types into (then a key is read without echo).</summary>
    public bool InputIsTerminal { get; private init; }

    /// <summary>The process's console; interactive unless stdout is redirected.</summary>
    public static Terminal FromConsole() => new(Console.Out, Console.Error, !Console.IsOutputRedirected, Console.In)
    {
        InputIsTerminal = !Console.IsInputRedirected,
    };

    /// <summary>The environment variable <paramref name="name"/>, or null when it is not set.</summary>
    public string? Variable(string name) =>
        _environment is null ? Environment.GetEnvironmentVariable(name) : _environment.GetValueOrDefault(name);

    /// <summary>
    /// One line of standard input, without its line end; null at the end of input. On a terminal the
    /// person is asked with <paramref name="prompt"/> (on standard error) and what they type is not shown.
    /// </summary>
    public string? ReadSecretLine(string prompt)
    {
        if (!InputIsTerminal)
        {
            return In.ReadLine();
        }

        Error.Write(prompt);
        Error.Flush();
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Error.WriteLine();
                return typed.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }

    /// <summary><paramref name="text"/> in an ANSI colour when interactive (and NO_COLOR is unset), as is otherwise.</summary>
    public string Colour(string text, int ansiColour) =>
        Interactive && Variable("NO_COLOR") is null ? $"\u001b[{ansiColour}m{text}\u001b[0m" : text;

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
