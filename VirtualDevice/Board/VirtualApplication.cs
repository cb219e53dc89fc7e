using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;

namespace NanoDps.VirtualDevice.Board;

/// <summary>
/// The board's default application (DeviceFirmware/Firmware/Application.cs) on a PC: the core's
/// <see cref="Telemetry"/> every telemetryIntervalSeconds, <c>--app-messages</c> times in all. The
/// core's <see cref="BootRunner"/> drives it as on the board: on the hub's 401/404 the boot registers
/// again (once; a second refusal fails the boot), and an exception fails the boot.
/// </summary>
public sealed class VirtualApplication(BootPorts ports, int messages, string firmwareVersion, ConsoleLog log) : IApplication
{
    /// <summary>Messages sent so far, over every device the boot handed over.</summary>
    public int Sent { get; private set; }

    /// <summary>Messages the hub took.</summary>
    public int Accepted { get; private set; }

    /// <inheritdoc/>
    public bool RunUntilRefused(ProvisionedDevice device)
    {
        if (Sent >= messages)
        {
            return false;
        }

        string? payload = device.PayloadLogLine();
        if (payload is not null)
        {
            log.Info("application: " + payload);
        }

        log.Info($"application: {messages - Sent} telemetry message(s) to {device.AssignedHub}, one every {device.TelemetryIntervalSeconds} s (telemetryIntervalSeconds)");
        var telemetry = new Telemetry(device, firmwareVersion, ports.Http, ports.Clock, log);
        while (Sent < messages)
        {
            if (telemetry.Sent > 0)
            {
                ports.Delay.Sleep(device.TelemetryIntervalSeconds * 1000);
            }

            HubVerdict verdict = telemetry.Send((long)log.Uptime.TotalSeconds, Telemetry.HeapUnknown); // a PC has no heap budget like the board's
            Sent++;
            Accepted += verdict == HubVerdict.Accepted ? 1 : 0;
            if (verdict == HubVerdict.Rejected)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What the application did: the messages asked for, sent and accepted.</summary>
public sealed record AppRun(int Asked, int Sent, int Accepted);
