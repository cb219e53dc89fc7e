using System;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// The board, wired: one ESP32 adapter per port of the core's <see cref="BootSequence"/>, which
    /// decides everything from power-on to "provisioned" or "sleep N s because ..."; then the
    /// application takes over with the <see cref="ProvisionedDevice"/>, and when the hub refuses the
    /// device the boot registers again. A failed boot ends in the core's deep sleep or restart.
    /// </summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static void Main()
        {
            SerialLog log = new SerialLog();
            log.Heap("at boot");
            FlashStore flash = new FlashStore();
            WifiLink wifi = new WifiLink();
            SeededRandom random = new SeededRandom();
            random.Mix(wifi.StationMac() ?? new byte[0]);
            FlashRoots roots = new FlashRoots(flash);
            SystemClock clock = new SystemClock();
            Esp32HttpExchange http = new Esp32HttpExchange(roots, log);

            BootPorts ports = new BootPorts();
            ports.Flash = flash;
            ports.ConfigParser = new ConfigParser();
            ports.Network = wifi;
            ports.ClockSync = clock;
            ports.Roots = roots;
            ports.Http = http;
            ports.Hmac = new Esp32Hmac();
            ports.Clock = clock;
            ports.Delay = new ThreadDelay();
            ports.Random = random;
            ports.Log = log;
            ports.Redactor = log;
            ports.Power = new Esp32Power();

            BootSettings settings = new BootSettings();
            settings.FirmwareVersion = FirmwareInfo.Version;
            settings.MinValidUnixSeconds = FirmwareInfo.BuildDateUnixSeconds;
            BootSequence boot = new BootSequence(ports, settings);

            BootOutcome outcome = BootRunner.Run(boot, boot.Start(), ports);
            while (outcome.IsProvisioned)
            {
                BootAction next;
                try
                {
                    // The DPS connection the register and its polls shared ends here; the hub gets its own.
                    http.Close();
                    Application.Run(outcome.Device, http, clock, log);
                    next = boot.HubRefused();
                }
                catch (Exception ex)
                {
                    next = boot.Abort("the application failed: " + ex.GetType().Name + ": " + ex.Message);
                }

                outcome = BootRunner.Run(boot, next, ports);
            }
        }
    }
}
