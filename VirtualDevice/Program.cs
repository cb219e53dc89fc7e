using System.Runtime.InteropServices;
using NanoDps.VirtualDevice.Cli;

namespace NanoDps.VirtualDevice;

/// <summary>
/// dotnet run --project VirtualDevice [-- options]: boots a virtual ESP32 that runs the firmware's
/// provisioning core. See docs/virtual-device.md.
/// </summary>
public static class Program
{
    /// <summary>Entry point; the exit codes are in <see cref="ExitCodes"/>.</summary>
    public static async Task<int> Main(string[] args)
    {
        // Ctrl+C or SIGTERM is the power switch: the board stops where it is (its flash is written
        // temp-then-rename, so a stop at any moment is safe). The in-process emulator's host would
        // otherwise swallow these signals.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, PowerOff);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, PowerOff);
        return await CommandLine.RunAsync(args, Terminal.FromConsole());
    }

    private static void PowerOff(PosixSignalContext context)
    {
        context.Cancel = true;
        Console.Out.WriteLine();
        Console.Out.WriteLine("Power off (" + (context.Signal == PosixSignal.SIGINT ? "Ctrl+C" : "SIGTERM") + "): the virtual board stops here; its flash keeps what was written.");
        Console.Out.Flush();
        Environment.Exit(128 + (context.Signal == PosixSignal.SIGINT ? 2 : 15));
    }
}
