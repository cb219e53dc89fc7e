using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace NanoDps.Emulator.Cli;

/// <summary>Options of <see cref="OneLineConsoleFormatter"/>.</summary>
internal sealed class OneLineConsoleFormatterOptions : ConsoleFormatterOptions
{
    /// <summary>Print an exception's stack trace (--verbose); otherwise only its type and message, on the same line.</summary>
    public bool IncludeStackTraces { get; set; }
}

/// <summary>
/// The command-line emulator's log lines: <c>HH:mm:ss level: message</c>, one line each. An
/// exception adds its type and message to the line; its stack trace only with --verbose.
/// </summary>
internal sealed class OneLineConsoleFormatter(IOptionsMonitor<OneLineConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "nanodps-one-line";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var exception = logEntry.Exception;
        if (string.IsNullOrEmpty(message) && exception is null)
        {
            return;
        }

        textWriter.Write(DateTime.Now.ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(logEntry.LogLevel switch
        {
            LogLevel.Trace => "trce: ",
            LogLevel.Debug => "dbug: ",
            LogLevel.Information => "info: ",
            LogLevel.Warning => "warn: ",
            LogLevel.Error => "fail: ",
            _ => "crit: ",
        });
        if (!logEntry.Category.StartsWith("NanoDps", StringComparison.Ordinal))
        {
            textWriter.Write(logEntry.Category);
            textWriter.Write(": ");
        }

        textWriter.Write(Printable.Escape(message.ReplaceLineEndings(" "))); // a request's text cannot drive the terminal
        if (exception is not null)
        {
            if (options.CurrentValue.IncludeStackTraces)
            {
                textWriter.WriteLine();
                textWriter.Write(exception.ToString());
            }
            else
            {
                textWriter.Write($" ({exception.GetType().Name}: {Printable.Escape(exception.Message.ReplaceLineEndings(" "))}; --verbose shows the stack trace)");
            }
        }

        textWriter.WriteLine();
    }
}
