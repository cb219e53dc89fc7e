using System;
using System.Threading;
using NanoDps.Esp32;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// The default application: what the board does once it is provisioned. It sends the core's
    /// <see cref="Telemetry"/> message (uptime, free heap, firmware version, boot count) to the
    /// assigned hub over HTTPS every telemetryIntervalSeconds, and comes back when the hub refuses
    /// the device, so that the boot registers again. Replace it with your own (docs/how-to/board-application.md shows
    /// MQTT with nanoFramework.Azure.Devices.Client): everything it needs is in <see cref="ProvisionedDevice"/>.
    /// </summary>
    public sealed class Application : IApplication
    {
        private readonly IHttpExchange _http;
        private readonly IClock _clock;
        private readonly ILog _log;

        /// <summary>The application over the boot's own HTTPS exchange, clock and log.</summary>
        public Application(IHttpExchange http, IClock clock, ILog log)
        {
            _http = http;
            _clock = clock;
            _log = log;
        }

        /// <summary>Sends telemetry until the hub refuses <paramref name="device"/> (401/404); it never ends by itself.</summary>
        public bool RunUntilRefused(ProvisionedDevice device)
        {
            string payload = device.PayloadLogLine();
            if (payload != null)
            {
                _log.Write(LogLevel.Info, "application: " + payload);
            }

            _log.Write(LogLevel.Info, "application: telemetry to " + device.AssignedHub + " every " + device.TelemetryIntervalSeconds.ToString() + " s");
            Telemetry telemetry = new Telemetry(device, FirmwareInfo.Version, _http, _clock, _log);
            while (telemetry.Send(Environment.TickCount64 / 1000, HeapInfo.ManagedFreeBytes()) != HubVerdict.Rejected)
            {
                Thread.Sleep(device.TelemetryIntervalSeconds * 1000);
            }

            return true;
        }
    }
}
