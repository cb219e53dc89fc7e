using NanoDps.VirtualDevice.Cli;

namespace NanoDps.VirtualDevice;

/// <summary>
/// dotnet run --project VirtualDevice [-- options]: boots a virtual ESP32 that runs the firmware's
/// provisioning core. See docs/virtual-device.md.
/// </summary>
public static class Program
{
    /// <summary>Entry point; the exit codes are in <see cref="ExitCodes"/>.</summary>
    public static Task<int> Main(string[] args) => CommandLine.RunAsync(args, Terminal.FromConsole());
}
