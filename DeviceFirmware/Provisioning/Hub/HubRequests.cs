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

        /// <summary>Lifetime of the hub SAS token of each message: one message, so an hour is plenty.</summary>
        public const int TokenTtlSeconds = 3600;

        /// <summary>
        /// POST https://{hub}/devices/{deviceId}/messages/events?api-version=2020-03-13 with
        /// <paramref name="messageJson"/>, signed with the device's hub SAS token for
        /// "{hub}/devices/{deviceId}" (no key name), valid for <see cref="TokenTtlSeconds"/> from <paramref name="nowUnixSeconds"/>.
        /// </summary>
        public static DpsRequest DeviceToCloud(ProvisionedDevice device, long nowUnixSeconds, string messageJson)
        {
            string path = "/devices/" + PercentEncoder.Encode(device.DeviceId) + "/messages/events?api-version=" + ApiVersion;
            return new DpsRequest(RequestKind.HubTelemetry, "POST", device.AssignedHub, path, device.CreateSasToken(nowUnixSeconds + TokenTtlSeconds), messageJson);
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

        /// <summary>
        /// The verdict on <paramref name="answer"/>, logged as one line: "{what}: accepted (204)",
        /// "{what}: refused (HTTP 404: ...)" or "{what}: failed (...)".
        /// </summary>
        public static HubVerdict Judge(HttpExchangeResult answer, string what, ILog log)
        {
            HubVerdict verdict = Verdict(answer);
            if (verdict == HubVerdict.Accepted)
            {
                log.Write(LogLevel.Info, what + ": accepted (" + answer.StatusCode.ToString() + ")");
            }
            else
            {
                log.Write(LogLevel.Warning, what + (verdict == HubVerdict.Rejected ? ": refused (" : ": failed (") + Describe(answer) + ")");
            }

            return verdict;
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
