using Microsoft.Extensions.Hosting;

namespace NanoDps.Emulator;

/// <summary>
/// The emulator's web host lifetime: starts and stops only when <see cref="DpsEmulatorServer"/>
/// says so. It replaces the host's default console lifetime, which would take over SIGINT, SIGTERM
/// and SIGQUIT (and process exit) from the program the emulator is embedded in. The command-line
/// emulator handles those signals itself.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
