using System.Diagnostics;
using System.Globalization;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="IDelay"/> with Thread.Sleep, the board's ThreadDelay, plus what a person watching needs:
/// on a terminal a countdown that rewrites one line and disappears when the wait ends; in a log
/// file, a plain line every <see cref="PlainLineEverySeconds"/> s of a long wait. Never returns early.
/// </summary>
public sealed class ConsoleDelay : IDelay
{
    /// <summary>Seconds between two plain progress lines when the output is not a terminal.</summary>
    public const int PlainLineEverySeconds = 10;

    private const int TickMilliseconds = 100;
    private readonly Terminal _terminal;

    /// <summary>A delay that shows its progress on <paramref name="terminal"/>.</summary>
    public ConsoleDelay(Terminal terminal)
    {
        _terminal = terminal;
    }

    /// <summary>Total time waited so far.</summary>
    public TimeSpan Waited { get; private set; }

    /// <inheritdoc/>
    public void Sleep(int milliseconds)
    {
        if (milliseconds <= 0)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        long nextPlainLine = PlainLineEverySeconds * 1000L;
        long left;
        while ((left = milliseconds - watch.ElapsedMilliseconds) > 0)
        {
            if (_terminal.Interactive)
            {
                string seconds = (left / 1000.0).ToString("0.0", CultureInfo.InvariantCulture);
                lock (_terminal.Out)
                {
                    _terminal.Out.Write("\r           " + _terminal.Colour($"... {seconds} s to go", 36) + "   ");
                    _terminal.Out.Flush();
                }
            }
            else if (watch.ElapsedMilliseconds >= nextPlainLine)
            {
                _terminal.Line($"           ... still waiting, {(left + 999) / 1000} s to go");
                nextPlainLine += PlainLineEverySeconds * 1000L;
            }

            Thread.Sleep((int)Math.Min(left, TickMilliseconds));
        }

        if (_terminal.Interactive)
        {
            lock (_terminal.Out)
            {
                _terminal.Out.Write("\r" + new string(' ', 40) + "\r");
                _terminal.Out.Flush();
            }
        }

        Waited += watch.Elapsed;
    }
}
