using System.Globalization;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;

namespace NanoDps.VirtualDevice.Board;

/// <summary>
/// A virtual ESP32: the boot sequence of the board's Program.cs, step for step, on host adapters.
/// Validated config → MAC → registration id → device key → stored record → boot decision → (if
/// needed) clock check, the core's provisioning flow, record saved temp-then-rename → proof: one
/// device-to-cloud message to the assigned hub (the core's HubProof); a 401/404 from the hub
/// provisions again, once per boot.
/// Every decision is the core's; this class only wires the adapters and says what happens.
/// </summary>
public sealed class VirtualBoard
{
    /// <summary>Firmware version the virtual device reports in its proof message.</summary>
    public const string FirmwareVersion = "1.0.0-virtual";

    private readonly BoardParts _parts;
    private readonly ConsoleLog _log;

    /// <summary>A board made of <paramref name="parts"/>.</summary>
    public VirtualBoard(BoardParts parts)
    {
        _parts = parts;
        _log = parts.Log;
    }

    /// <summary>Boots once with <paramref name="config"/> (validated, defaults applied) and reports how it ended.</summary>
    public BootReport Boot(DeviceConfig config)
    {
        IHmac hmac = _parts.Hmac;
        _log.Redact(config.GroupKey);
        _log.Redact(config.DeviceKey);
        _log.Info("config: id scope " + config.IdScope + ", endpoint " + config.Endpoint + ", api-version " + config.ApiVersion
            + (string.IsNullOrEmpty(config.GroupKey) ? ", individual enrollment key" : ", enrollment group key"));

        string mac = VirtualMac.Format(_parts.Mac);
        string registrationId = RegistrationId.ForDevice(config, _parts.Mac);
        _log.Info("registration id: " + registrationId
            + (string.IsNullOrEmpty(config.RegistrationId) ? " (\"" + config.RegistrationIdPrefix + "-\" + the Wi-Fi MAC " + mac + ")" : " (registrationId from the config)"));
        byte[] deviceKey = DeviceKey.Resolve(config, registrationId, hmac);
        _log.Redact(DeviceKey.ToBase64(deviceKey));
        _log.Info(string.IsNullOrEmpty(config.GroupKey)
            ? "device key: the individual enrollment's key (deviceKey)"
            : "device key: derived from the group key, HMAC-SHA256(groupKey, registration id); the group key itself never leaves the device");
        string fingerprint = ConfigFingerprint.Compute(config.IdScope, registrationId, config.Endpoint, deviceKey, hmac);

        var store = new RecordStore(_parts.Flash);
        ProvisioningRecord? record = store.Load();
        _log.Info(record is null
            ? "stored assignment: none"
            : "stored assignment: hub " + record.AssignedHub + ", device " + record.DeviceId + ", since " + Time(record.AssignedAtUnix * 1000));
        BootDecision decision = BootDecision.Decide(record, config.IdScope, registrationId, config.Endpoint, fingerprint, false);
        int dpsRequests = 0;
        bool usedStored = !decision.MustProvision;

        // A hub that refuses the assignment gets one new registration per boot, no more (as on the board).
        for (int round = 1; round <= 2; round++)
        {
            if (decision.MustProvision)
            {
                _log.Info("boot decision: provision with DPS (" + decision.Reason + ")");
                ProvisioningOutcome outcome = Provision(config, registrationId, deviceKey);
                dpsRequests += outcome.RequestCount;
                if (!outcome.IsAssigned)
                {
                    return BootReport.NotProvisioned(registrationId, outcome, dpsRequests);
                }

                record = new ProvisioningRecord(outcome.AssignedHub, outcome.DeviceId, registrationId, config.IdScope, config.Endpoint, _parts.Clock.UtcNowMilliseconds / 1000, fingerprint);
                store.Save(record);
                _log.Info("assignment saved to flash (" + RecordStore.RecordName + ", written as " + RecordStore.TempName + " then renamed): later boots skip DPS");
            }
            else
            {
                _log.Info("boot decision: use the stored assignment, no DPS request (" + decision.Reason + ")");
            }

            HubProofResult proof = HubProof.Send(record!, deviceKey, FirmwareVersion, _parts.Http, _parts.Hmac, _parts.Clock, _log);
            if (proof == HubProofResult.Accepted)
            {
                return BootReport.Assigned(registrationId, record!, dpsRequests, usedStored);
            }

            if (proof == HubProofResult.Failed)
            {
                return BootReport.HubFailed(registrationId, record!, dpsRequests, usedStored,
                    "the hub could not be reached or did not take the message; the assignment stays stored and the next boot tries the hub again");
            }

            decision = BootDecision.Decide(record, config.IdScope, registrationId, config.Endpoint, fingerprint, hubRejected: true);
            _log.Warn("registering again: " + decision.Reason + " (once per boot)");
        }

        return BootReport.HubFailed(registrationId, record!, dpsRequests, usedStored,
            "the hub refused the device again after a new registration: check the device in the hub's device registry (deleted, disabled, key changed)");
    }

    private ProvisioningOutcome Provision(DeviceConfig config, string registrationId, byte[] deviceKey)
    {
        ProvisioningSettings settings = ProvisioningSettings.FromConfig(config, registrationId, deviceKey);
        settings.MinValidUnixSeconds = _parts.MinValidUnixSeconds;
        if (_parts.Backoff is not null)
        {
            settings.Backoff = _parts.Backoff;
        }

        _log.Info("network: this PC's connection (a board joins Wi-Fi at this step)");
        long now = _parts.Clock.UtcNowMilliseconds;
        _log.Info("clock: " + Time(now) + (now / 1000 >= settings.MinValidUnixSeconds
            ? ", later than the earliest plausible time " + Time(settings.MinValidUnixSeconds * 1000) + ": sane"
            : ", EARLIER than the earliest plausible time " + Time(settings.MinValidUnixSeconds * 1000) + ": not set"));
        var flow = new ProvisioningFlow(settings, _parts.Hmac, _parts.Clock, _parts.Random, _log);
        return ProvisioningRunner.Run(flow, _parts.Http, _parts.Delay);
    }

    private static string Time(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
