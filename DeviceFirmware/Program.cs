using System;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// One boot of the board, from power-on to a proven assignment: read the configuration and
    /// the stored assignment; join Wi-Fi; make sure the clock is real; go to DPS only when the
    /// stored assignment does not fit this configuration or the hub refused it; prove the
    /// assignment with one message to the hub. Every failure ends in a deep sleep that grows
    /// from minutes to hours, never in a crash loop, and a watchdog bounds every step.
    /// </summary>
    public static class Program
    {
        private const int LocalStepBound = 30000;
        private const int WifiTimeout = 60000;
        private const int ClockTimeout = 60000;
        private const int Margin = 15000;

        /// <summary>Entry point.</summary>
        public static void Main()
        {
            SerialLog log = new SerialLog();
            FlashStore flash = new FlashStore();
            SeededRandom random = new SeededRandom();
            DeepSleep deepSleep = new DeepSleep(flash, random, log);
            Watchdog watchdog = new Watchdog(log, deepSleep);
            string failure;
            try
            {
                watchdog.Arm(LocalStepBound, "starting");
                log.Write(LogLevel.Info, "nanoDps firmware " + FirmwareInfo.Version + ": " + WakeReason(deepSleep));
                byte[] mac = WifiLink.StationMac();
                random.Mix(mac);
                failure = Boot(mac, flash, random, watchdog, log);
            }
            catch (Exception ex)
            {
                failure = "unexpected " + ex.GetType().Name + ": " + ex.Message;
            }

            if (failure != null)
            {
                watchdog.Stop();
                deepSleep.AfterFailure(failure);
                return;
            }

            watchdog.Stop();
            deepSleep.Reset();
            log.Write(LogLevel.Info, "nanoDps is done: the board is provisioned and its application takes over from here");
            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>Null when the board ends up with a proven assignment, otherwise why not.</summary>
        private static string Boot(byte[] mac, FlashStore flash, IRandom random, Watchdog watchdog, SerialLog log)
        {
            log.Heap("at boot");
            DeviceConfig config = DeviceFiles.ReadConfig(flash, log);
            if (config == null)
            {
                return "I:\\device.json is missing or invalid";
            }

            string registrationId = RegistrationId.ForDevice(config, mac);
            Esp32Hmac hmac = new Esp32Hmac();
            byte[] deviceKey = DeviceKey.Resolve(config, registrationId, hmac);
            log.Redact(DeviceKey.ToBase64(deviceKey));
            string fingerprint = ConfigFingerprint.Compute(config.IdScope, registrationId, config.Endpoint, deviceKey, hmac);
            RecordStore records = new RecordStore(flash);
            ProvisioningRecord record = records.Load();
            BootDecision decision = BootDecision.Decide(record, config.IdScope, registrationId, config.Endpoint, fingerprint, false);
            log.Write(LogLevel.Info, "registration id " + registrationId + (decision.MustProvision ? "; DPS needed: " : "; no DPS call: ") + decision.Reason
                + (decision.MustProvision ? string.Empty : " (hub " + record.AssignedHub + ", device " + record.DeviceId + ")"));

            watchdog.Arm(WifiTimeout + Margin, "joining Wi-Fi");
            if (!WifiLink.Join(config.WifiSsid, config.WifiPassword, WifiTimeout, log))
            {
                return "Wi-Fi was not joined";
            }

            watchdog.Arm(ClockTimeout + Margin, "waiting for SNTP");
            SystemClock clock = new SystemClock();
            if (!clock.WaitUntilAfter(FirmwareInfo.BuildDateUnixSeconds, ClockTimeout, log))
            {
                return "SNTP did not set the clock: TLS and SAS tokens need the real time (is UDP port 123 blocked?)";
            }

            watchdog.Arm(LocalStepBound, "loading the root certificates");
            string roots = DeviceFiles.ReadRootCertificates(flash, log);
            if (roots == null)
            {
                return "the root certificates are missing from I:\\";
            }

            Esp32HttpExchange http = new Esp32HttpExchange(roots, log, watchdog);
            log.Heap("before the first TLS connection");
            // A hub that refuses the assignment gets one new registration per boot, no more.
            for (int round = 1; round <= 2; round++)
            {
                if (decision.MustProvision)
                {
                    record = Provision(config, registrationId, deviceKey, fingerprint, hmac, clock, random, http, watchdog, log);
                    if (record == null)
                    {
                        return "DPS gave no assignment";
                    }

                    watchdog.Arm(LocalStepBound, "storing the assignment");
                    records.Save(record);
                    log.Write(LogLevel.Info, "assignment stored on I:\\ (" + RecordStore.RecordName + "): later boots skip DPS");
                }

                HubProofResult proof = HubProof.Send(record, deviceKey, FirmwareInfo.Version, http, hmac, clock, log);
                if (proof != HubProofResult.Rejected)
                {
                    return proof == HubProofResult.Accepted ? null : "the hub could not be reached";
                }

                decision = BootDecision.Decide(record, config.IdScope, registrationId, config.Endpoint, fingerprint, hubRejected: true);
                log.Write(LogLevel.Warning, "registering again: " + decision.Reason);
            }

            return "the hub refused the device again after a new registration";
        }

        private static ProvisioningRecord Provision(DeviceConfig config, string registrationId, byte[] deviceKey, string fingerprint, IHmac hmac,
            SystemClock clock, IRandom random, IHttpExchange http, Watchdog watchdog, SerialLog log)
        {
            ProvisioningSettings settings = ProvisioningSettings.FromConfig(config, registrationId, deviceKey);
            settings.MinValidUnixSeconds = FirmwareInfo.BuildDateUnixSeconds;
            ProvisioningFlow flow = new ProvisioningFlow(settings, hmac, clock, random, log);
            ProvisioningOutcome outcome = ProvisioningRunner.Run(flow, http, new ThreadDelay(watchdog));
            string effort = outcome.RequestCount.ToString() + " DPS requests in " + (outcome.ElapsedMilliseconds / 1000).ToString() + " s";
            if (!outcome.IsAssigned)
            {
                log.Write(LogLevel.Error, "no assignment after " + effort + (outcome.ErrorCode == 0 ? string.Empty : "; DPS error " + outcome.ErrorCode.ToString() + " " + outcome.ErrorMessage)
                    + (outcome.TrackingId == null ? string.Empty : "; trackingId " + outcome.TrackingId));
                return null;
            }

            log.Write(LogLevel.Info, "provisioning took " + effort);
            return new ProvisioningRecord(outcome.AssignedHub, outcome.DeviceId, registrationId, config.IdScope, config.Endpoint, clock.UtcNowMilliseconds / 1000, fingerprint);
        }

        private static string WakeReason(DeepSleep deepSleep)
        {
            int failedBoots = deepSleep.FailedBoots;
            string cause = Sleep.GetWakeupCause() == Sleep.WakeupCause.Timer ? "woke from a retry sleep" : "power-on or reset";
            return failedBoots == 0 ? cause : cause + " after " + failedBoots.ToString() + " failed boot(s)";
        }
    }
}
