using System.Runtime.InteropServices;
using NanoDps.VirtualDevice.Cli;

namespace NanoDps.VirtualDevice;

/// <summary>
/// dotnet run --project VirtualDevice [-- options]: boots a virtual ESP32 that runs the firmware's
/// provisioning core. See docs/tutorials/virtual-device.md.
/// </summary>
public static class Program
{
    /// <summary>Entry point; the exit codes are in <see cref="ExitCodes"/>.</summary>
    public static async Task<int> Main(string[] args)
    {
        // Ctrl+C or SIGTERM is the power switch: the signal ends the process where it is (exit code
        // 130 or 143); the board's flash is written temp-then-rename, so a stop at any moment is safe.
        // The handler only says so; it does not cancel the signal.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, SayPowerOff);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, SayPowerOff);
        return await CommandLine.RunAsync(args, Terminal.FromConsole());
    }

    private static void SayPowerOff(PosixSignalContext context)
    {
        Console.Out.WriteLine();
        Console.Out.WriteLine("Power off (" + (context.Signal == PosixSignal.SIGINT ? "Ctrl+C" : "SIGTERM") + "): the virtual board stops here; its flash keeps what was written.");
        Console.Out.Flush();
    }
}
