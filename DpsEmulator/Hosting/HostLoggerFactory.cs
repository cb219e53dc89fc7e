using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace NanoDps.Emulator;

/// <summary>
/// The logger factory the web host gets: the caller's, less the generic host's own category, whose
/// only messages ("Hosting failed to start" with a stack trace) repeat what
/// <see cref="DpsEmulatorServer.StartAsync"/> throws as one clear error.
/// </summary>
internal sealed class HostLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal) ? NullLogger.Instance : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The caller owns the inner factory.
    }
}
