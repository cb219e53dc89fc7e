namespace NanoDps.Provisioning
{
    /// <summary>
    /// What the boot hands the application: where the device lives in IoT Hub and how it signs
    /// in. A replacement application (MQTT with nanoFramework.Azure.Devices.Client, say) takes
    /// <see cref="AssignedHub"/>, <see cref="DeviceId"/> and <see cref="DeviceKey"/> as they are.
    /// </summary>
    public sealed class ProvisionedDevice
    {
        private readonly byte[] _key;
        private readonly IHmac _hmac;

        /// <summary>The most characters of DPS payload a device keeps: a larger payload is dropped (and said so in the log).</summary>
        public const int MaxPayloadLength = 1024;

        /// <summary>Creates the hand-off; <paramref name="deviceKey"/> is the raw key the device signs with.</summary>
        public ProvisionedDevice(string assignedHub, string deviceId, byte[] deviceKey, long bootCount, int telemetryIntervalSeconds, IHmac hmac)
            : this(assignedHub, deviceId, deviceKey, bootCount, telemetryIntervalSeconds, hmac, null)
        {
        }

        /// <summary>Creates the hand-off with the payload DPS returned (JSON text, or null).</summary>
        public ProvisionedDevice(string assignedHub, string deviceId, byte[] deviceKey, long bootCount, int telemetryIntervalSeconds, IHmac hmac, string payloadJson)
        {
            PayloadJson = payloadJson;
            AssignedHub = assignedHub;
            DeviceId = deviceId;
            _key = deviceKey;
            BootCount = bootCount;
            TelemetryIntervalSeconds = telemetryIntervalSeconds;
            _hmac = hmac;
        }

        /// <summary>The IoT Hub host name DPS assigned, e.g. myhub.azure-devices.net.</summary>
        public string AssignedHub { get; }

        /// <summary>The device id in that hub.</summary>
        public string DeviceId { get; }

        /// <summary>
        /// The "payload" DPS returned with the assignment (what a custom allocation webhook sends the
        /// device), as JSON text of at most <see cref="MaxPayloadLength"/> characters; null when DPS
        /// returned none. Kept in the stored record, so later boots hand it over without asking DPS.
        /// </summary>
        public string PayloadJson { get; }

        /// <summary>The device's symmetric key as base64, as MQTT and SDK clients take it. Secret: never log it.</summary>
        public string DeviceKey
        {
            get { return NanoDps.Provisioning.DeviceKey.ToBase64(_key); }
        }

        /// <summary>
        /// Boots counted on this board since its counter file (nanodps.boot) was created: the first boot
        /// of this firmware, or after the file was erased. Every boot that got as far as reading the
        /// counter counts, failed ones included.
        /// </summary>
        public long BootCount { get; }

        /// <summary>device.json's telemetryIntervalSeconds: how often the default application reports.</summary>
        public int TelemetryIntervalSeconds { get; }

        /// <summary>
        /// The application's one line about <see cref="PayloadJson"/>: "DPS payload: {...}", cut after
        /// 80 characters with the full length said; null when DPS returned no payload.
        /// </summary>
        public string PayloadLogLine()
        {
            if (PayloadJson == null)
            {
                return null;
            }

            const int Shown = 80;
            return PayloadJson.Length <= Shown
                ? "DPS payload: " + PayloadJson
                : "DPS payload: " + PayloadJson.Substring(0, Shown) + "... (" + PayloadJson.Length.ToString() + " chars)";
        }

        /// <summary>
        /// A hub SAS token for "{hub}/devices/{deviceId}" valid until <paramref name="expiryUnixSeconds"/>
        /// (what an MQTT password or an HTTPS Authorization header takes). Secret: never log it.
        /// </summary>
        public string CreateSasToken(long expiryUnixSeconds)
        {
            return SasToken.Create(SasToken.HubResource(AssignedHub, DeviceId), _key, expiryUnixSeconds, null, _hmac);
        }
    }
}
