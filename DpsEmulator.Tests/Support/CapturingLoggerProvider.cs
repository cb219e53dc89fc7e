using System.Text;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>Every log line at every level, formatted with its exception, to look for secrets in it.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly StringBuilder _text = new();

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._text)
            {
                owner._text.Append(logLevel).Append(' ').Append(category).Append(": ").AppendLine(formatter(state, exception));
                if (exception is not null)
                {
                    owner._text.AppendLine(exception.ToString());
                }
            }
        }
    }
}
