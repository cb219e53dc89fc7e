using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;

namespace NanoDps.VirtualDevice.Board;

/// <summary>
/// The board's default application (DeviceFirmware/Application.cs) on a PC: the core's
/// <see cref="Telemetry"/> every telemetryIntervalSeconds, <c>--app-messages</c> times, and on the
/// hub's 401/404 the boot registers again (once; a second refusal fails the boot).
/// </summary>
public static class VirtualApplication
{
    /// <summary>Sends <paramref name="messages"/> telemetry messages for the device of <paramref name="outcome"/>; returns how the board ended and what the hub took.</summary>
    public static AppRun Run(BootSequence boot, BootOutcome outcome, BootPorts ports, int messages, string firmwareVersion, ConsoleLog log)
    {
        ProvisionedDevice device = outcome.Device;
        log.Info($"application: {messages} telemetry message(s) to {device.AssignedHub}, one every {device.TelemetryIntervalSeconds} s (telemetryIntervalSeconds)");
        var telemetry = new Telemetry(device, firmwareVersion, ports.Http, ports.Clock, log);
        int sent = 0;
        int accepted = 0;
        while (sent < messages)
        {
            if (sent > 0)
            {
                ports.Delay.Sleep(outcome.Device.TelemetryIntervalSeconds * 1000);
            }

            HubVerdict verdict = telemetry.Send((long)log.Uptime.TotalSeconds, Telemetry.HeapUnknown); // a PC has no heap budget like the board's
            sent++;
            accepted += verdict == HubVerdict.Accepted ? 1 : 0;
            if (verdict == HubVerdict.Rejected)
            {
                outcome = BootRunner.Run(boot, boot.HubRefused(), ports);
                if (!outcome.IsProvisioned)
                {
                    break;
                }

                telemetry = new Telemetry(outcome.Device, firmwareVersion, ports.Http, ports.Clock, log);
            }
        }

        return new AppRun(outcome, messages, sent, accepted);
    }
}

/// <summary>What the application did: the boot's last outcome (a refusal may have made it register again), and the messages asked for, sent and accepted.</summary>
public sealed record AppRun(BootOutcome Outcome, int Asked, int Sent, int Accepted);
