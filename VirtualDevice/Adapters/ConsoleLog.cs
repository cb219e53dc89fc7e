using System.Diagnostics;
using System.Globalization;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="ILog"/> on the terminal, in the board's serial-console format: one line per step,
/// stamped with the seconds since power-on, then INFO, WARN or ERROR. The core never hands it a
/// secret; as a last line of defence every value registered with <see cref="Redact"/> (keys) is
/// masked wherever it appears, as the board's SerialLog does.
/// </summary>
public sealed class ConsoleLog : ILog, ISecretRedactor
{
    private const string Mask = "<redacted>";
    private readonly Terminal _terminal;
    private readonly Stopwatch _uptime = Stopwatch.StartNew();
    private readonly List<string> _secrets = [];

    /// <summary>A log on <paramref name="terminal"/>; its clock starts now (power-on).</summary>
    public ConsoleLog(Terminal terminal)
    {
        _terminal = terminal;
    }

    /// <summary>Time since power-on.</summary>
    public TimeSpan Uptime => _uptime.Elapsed;

    /// <summary>Never prints <paramref name="secret"/>; values shorter than 4 characters are ignored.</summary>
    public void Redact(string? secret)
    {
        if (secret is { Length: >= 4 })
        {
            _secrets.Add(secret);
        }
    }

    /// <inheritdoc/>
    public void Write(LogLevel level, string message)
    {
        // What a server said (a status line, an error message) may hold escape sequences: shown, never obeyed.
        string text = NanoDps.Emulator.Printable.Escape(message ?? string.Empty);
        foreach (string secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        string stamp = "[" + _uptime.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture).PadLeft(8) + "]";
        string label = level switch
        {
            LogLevel.Warning => _terminal.Colour("WARN ", 33),
            LogLevel.Error => _terminal.Colour("ERROR", 31),
            _ => "INFO ",
        };
        _terminal.Line(stamp + " " + label + " " + text);
    }

    /// <summary>An INFO line.</summary>
    public void Info(string message) => Write(LogLevel.Info, message);

    /// <summary>A WARN line.</summary>
    public void Warn(string message) => Write(LogLevel.Warning, message);

    /// <summary>An ERROR line.</summary>
    public void Error(string message) => Write(LogLevel.Error, message);
}
