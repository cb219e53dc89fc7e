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

    /// <summary>How often the countdown on a terminal is rewritten.</summary>
    public const int TickMilliseconds = 100;

    private static readonly Stopwatch Monotonic = Stopwatch.StartNew();
    private readonly Terminal _terminal;
    private readonly Func<long> _nowMilliseconds;
    private readonly Action<int> _sleep;

    /// <summary>A delay that shows its progress on <paramref name="terminal"/>.</summary>
    public ConsoleDelay(Terminal terminal)
        : this(terminal, () => Monotonic.ElapsedMilliseconds, Thread.Sleep)
    {
    }

    /// <summary>The same over another clock and sleep (tests: a fake clock that a sleep moves on).</summary>
    internal ConsoleDelay(Terminal terminal, Func<long> nowMilliseconds, Action<int> sleep)
    {
        _terminal = terminal;
        _nowMilliseconds = nowMilliseconds;
        _sleep = sleep;
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

        long start = _nowMilliseconds();
        long nextPlainLine = PlainLineEverySeconds * 1000L;
        long left;
        while ((left = milliseconds - (_nowMilliseconds() - start)) > 0)
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
            else if (milliseconds - left >= nextPlainLine)
            {
                _terminal.Line($"           ... still waiting, {(left + 999) / 1000} s to go");
                nextPlainLine += PlainLineEverySeconds * 1000L;
            }

            _sleep((int)Math.Min(left, TickMilliseconds));
        }

        if (_terminal.Interactive)
        {
            lock (_terminal.Out)
            {
                _terminal.Out.Write("\r" + new string(' ', 40) + "\r");
                _terminal.Out.Flush();
            }
        }

        Waited += TimeSpan.FromMilliseconds(_nowMilliseconds() - start);
    }
}
