namespace NanoDps.Provisioning
{
    /// <summary>
    /// The one IoT Hub request the firmware makes: a small device-to-cloud message over HTTPS
    /// that proves the assignment works.
    /// </summary>
    public static class HubRequests
    {
        /// <summary>IoT Hub REST API version of the device-to-cloud call.</summary>
        public const string ApiVersion = "2020-03-13";

        /// <summary>
        /// POST https://{hub}/devices/{deviceId}/messages/events?api-version=2020-03-13, signed with a
        /// hub SAS token for "{hub}/devices/{deviceId}" (no key name) valid until <paramref name="expiryUnixSeconds"/>.
        /// </summary>
        public static DpsRequest Telemetry(string hubHost, string deviceId, byte[] deviceKey, long expiryUnixSeconds, string messageJson, IHmac hmac)
        {
            string token = SasToken.Create(SasToken.HubResource(hubHost, deviceId), deviceKey, expiryUnixSeconds, null, hmac);
            string path = "/devices/" + PercentEncoder.Encode(deviceId) + "/messages/events?api-version=" + ApiVersion;
            return new DpsRequest(RequestKind.HubTelemetry, "POST", hubHost, path, token, messageJson);
        }
    }
}
