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

        /// <summary>Creates the hand-off; <paramref name="deviceKey"/> is the raw key the device signs with.</summary>
        public ProvisionedDevice(string assignedHub, string deviceId, byte[] deviceKey, long bootCount, int telemetryIntervalSeconds, IHmac hmac)
        {
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
        /// A hub SAS token for "{hub}/devices/{deviceId}" valid until <paramref name="expiryUnixSeconds"/>
        /// (what an MQTT password or an HTTPS Authorization header takes). Secret: never log it.
        /// </summary>
        public string CreateSasToken(long expiryUnixSeconds)
        {
            return SasToken.Create(SasToken.HubResource(AssignedHub, DeviceId), _key, expiryUnixSeconds, null, _hmac);
        }
    }
}
