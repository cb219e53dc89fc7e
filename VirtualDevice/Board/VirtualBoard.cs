using System.Globalization;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;

namespace NanoDps.VirtualDevice.Board;

/// <summary>
/// A virtual ESP32: the boot sequence of the board's Program.cs, step for step, on host adapters.
/// Validated config → MAC → registration id → device key → stored record → boot decision → (if
/// needed) clock check, the core's provisioning flow, record saved temp-then-rename → proof: one
/// device-to-cloud message to the assigned hub; a 401/404 from the hub provisions again, once.
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
        string registrationId = config.RegistrationId ?? RegistrationId.FromMac(config.RegistrationIdPrefix, _parts.Mac);
        _log.Info("registration id: " + registrationId
            + (config.RegistrationId is null ? " (\"" + config.RegistrationIdPrefix + "-\" + the Wi-Fi MAC " + mac + ")" : " (registrationId from the config)"));
        byte[] deviceKey = DeviceKey.Resolve(config, registrationId, hmac);
        _log.Redact(DeviceKey.ToBase64(deviceKey));
        _log.Info(string.IsNullOrEmpty(config.GroupKey)
            ? "device key: the individual enrollment's key (deviceKey)"
            : "device key: derived from the group key, HMAC-SHA256(groupKey, registration id); the group key itself never leaves the device");
        string fingerprint = ConfigFingerprint.Compute(config.IdScope, registrationId, config.Endpoint, deviceKey, hmac);

        var store = new RecordStore(_parts.Flash);
        int dpsRequests = 0;
        bool usedStored = true;
        bool hubRejected = false;
        while (true)
        {
            ProvisioningRecord? record = store.Load();
            _log.Info(record is null
                ? "stored assignment: none"
                : "stored assignment: hub " + record.AssignedHub + ", device " + record.DeviceId + ", since " + Time(record.AssignedAtUnix * 1000));
            BootDecision decision = BootDecision.Decide(record, config.IdScope, registrationId, config.Endpoint, fingerprint, hubRejected);
            if (decision.MustProvision)
            {
                usedStored = false;
                _log.Info("boot decision: provision with DPS (" + decision.Reason + ")");
                ProvisioningOutcome outcome = Provision(config, registrationId, deviceKey);
                dpsRequests += outcome.RequestCount;
                if (!outcome.IsAssigned)
                {
                    return BootReport.NotProvisioned(registrationId, outcome, dpsRequests);
                }

                record = new ProvisioningRecord(outcome.AssignedHub, outcome.DeviceId, registrationId, config.IdScope, config.Endpoint, _parts.Clock.UtcNowMilliseconds / 1000, fingerprint);
                store.Save(record);
                _log.Info("assignment saved to flash (" + RecordStore.RecordName + ", written as " + RecordStore.TempName + " then renamed)");
            }
            else
            {
                _log.Info("boot decision: use the stored assignment, no DPS request (" + decision.Reason + ")");
            }

            HttpExchangeResult proof = SendProof(config, record!, deviceKey);
            if (proof.StatusCode is >= 200 and < 300)
            {
                _log.Info("hub accepted the message (HTTP " + proof.StatusCode.ToString(CultureInfo.InvariantCulture) + "): the assignment works");
                return BootReport.Assigned(registrationId, record!, dpsRequests, usedStored);
            }

            bool rejected = proof.StatusCode is 401 or 404;
            if (rejected && !hubRejected)
            {
                _log.Warn("the hub rejected the device (HTTP " + proof.StatusCode.ToString(CultureInfo.InvariantCulture) + "): it may have been deleted or disabled in the hub; provisioning again (once per boot)");
                hubRejected = true;
                continue;
            }

            string why = rejected
                ? "the hub rejected the device again after provisioning (HTTP " + proof.StatusCode.ToString(CultureInfo.InvariantCulture) + "): check the device in the hub's device registry (deleted, disabled, key changed)"
                : "the hub did not take the message (" + (proof.IsTransportFailure ? proof.Failure : "HTTP " + proof.StatusCode.ToString(CultureInfo.InvariantCulture)) + "); the assignment stays stored and the next boot tries the hub again";
            _log.Error(why);
            return BootReport.HubFailed(registrationId, record!, dpsRequests, usedStored, why);
        }
    }

    private ProvisioningOutcome Provision(DeviceConfig config, string registrationId, byte[] deviceKey)
    {
        ProvisioningSettings settings = ProvisioningSettings.FromConfig(config, registrationId, deviceKey);
        settings.MinValidUnixSeconds = _parts.MinValidUnixSeconds;
        if (_parts.Backoff is not null)
        {
            settings.Backoff = _parts.Backoff;
        }

        _log.Info("network: this PC's (a board joins Wi-Fi here)");
        long now = _parts.Clock.UtcNowMilliseconds;
        _log.Info("clock: " + Time(now) + (now / 1000 >= settings.MinValidUnixSeconds
            ? ", later than the earliest plausible time " + Time(settings.MinValidUnixSeconds * 1000) + ": sane"
            : ", EARLIER than the earliest plausible time " + Time(settings.MinValidUnixSeconds * 1000) + ": not set"));
        var flow = new ProvisioningFlow(settings, _parts.Hmac, _parts.Clock, _parts.Random, _log);
        return ProvisioningRunner.Run(flow, _parts.Http, _parts.Delay);
    }

    private HttpExchangeResult SendProof(DeviceConfig config, ProvisioningRecord record, byte[] deviceKey)
    {
        long expiry = (_parts.Clock.UtcNowMilliseconds / 1000) + config.SasTtlSeconds;
        string message = "{\"nanoDps\":\"hello\",\"registrationId\":" + JsonText.Quote(record.RegistrationId)
            + ",\"firmware\":" + JsonText.Quote(FirmwareVersion) + "}";
        DpsRequest request = HubRequests.Telemetry(record.AssignedHub, record.DeviceId, deviceKey, expiry, message, _parts.Hmac);
        _log.Info("proof: one device-to-cloud message to the hub: " + request.Method + " https://" + request.Host + request.PathAndQuery);
        HttpExchangeResult result = _parts.Http.Send(request);
        if (result.IsTransportFailure)
        {
            _log.Warn("hub: no HTTP answer (" + result.Failure + ")");
        }

        return result;
    }

    private static string Time(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
