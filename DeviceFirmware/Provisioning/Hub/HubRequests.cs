namespace NanoDps.Provisioning
{
    /// <summary>
    /// The one kind of IoT Hub request the firmware makes, a small device-to-cloud message over
    /// HTTPS (the proof of an assignment, the default application's telemetry), and what the
    /// hub's answer to it means.
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
            return DeviceToCloud(hubHost, deviceId, SasToken.Create(SasToken.HubResource(hubHost, deviceId), deviceKey, expiryUnixSeconds, null, hmac), messageJson);
        }

        /// <summary>The same request with a hub SAS token the caller minted.</summary>
        public static DpsRequest DeviceToCloud(string hubHost, string deviceId, string sasToken, string messageJson)
        {
            string path = "/devices/" + PercentEncoder.Encode(deviceId) + "/messages/events?api-version=" + ApiVersion;
            return new DpsRequest(RequestKind.HubTelemetry, "POST", hubHost, path, sasToken, messageJson);
        }

        /// <summary>2xx accepted; 401 or 404 rejected (the hub no longer takes this device); anything else, or no answer, failed.</summary>
        public static HubVerdict Verdict(HttpExchangeResult answer)
        {
            int status = answer.StatusCode;
            if (status >= 200 && status < 300)
            {
                return HubVerdict.Accepted;
            }

            return status == 401 || status == 404 ? HubVerdict.Rejected : HubVerdict.Failed;
        }

        /// <summary>The answer in a few words for the log: "HTTP 404: message", or why none came.</summary>
        public static string Describe(HttpExchangeResult answer)
        {
            if (answer.IsTransportFailure)
            {
                return answer.Failure;
            }

            DpsResponse body = answer.Body;
            return "HTTP " + answer.StatusCode.ToString() + (body != null && body.Message != null ? ": " + body.Message : string.Empty);
        }
    }
}
