namespace NanoDps.Provisioning
{
    /// <summary>
    /// Proves an assignment works: one small device-to-cloud message to the assigned hub over
    /// HTTPS, signed with a hub SAS token from the same device key. 401 or 404 means the hub no
    /// longer accepts this device (deleted, disabled, re-provisioned elsewhere, key changed).
    /// </summary>
    public static class HubProof
    {
        /// <summary>Lifetime of the hub SAS token: one message, so an hour is plenty.</summary>
        public const int TokenTtlSeconds = 3600;

        /// <summary>The proof message for <paramref name="record"/>, naming <paramref name="firmwareVersion"/>, signed at <paramref name="nowUnixSeconds"/>.</summary>
        public static DpsRequest Request(ProvisioningRecord record, byte[] deviceKey, string firmwareVersion, long nowUnixSeconds, IHmac hmac)
        {
            string message = "{\"event\":\"nanodps-provisioned\",\"registrationId\":" + JsonText.Quote(record.RegistrationId)
                + ",\"firmware\":" + JsonText.Quote(firmwareVersion)
                + ",\"assignedAtUnix\":" + record.AssignedAtUnix.ToString() + "}";
            return HubRequests.Telemetry(record.AssignedHub, record.DeviceId, deviceKey, nowUnixSeconds + TokenTtlSeconds, message, hmac);
        }

        /// <summary>What the hub made of the proof, logged with what it means.</summary>
        public static HubVerdict Interpret(HttpExchangeResult answer, ILog log)
        {
            HubVerdict verdict = HubRequests.Verdict(answer);
            string detail = HubRequests.Describe(answer);
            if (verdict == HubVerdict.Accepted)
            {
                log.Write(LogLevel.Info, "the hub accepted the message (" + answer.StatusCode.ToString() + ")");
            }
            else if (verdict == HubVerdict.Rejected)
            {
                log.Write(LogLevel.Warning, "the hub refused the device (" + detail + "): it was deleted or disabled there, moved to another hub, or its key changed");
            }
            else
            {
                log.Write(LogLevel.Warning, "the hub message failed (" + detail + ")");
            }

            return verdict;
        }
    }
}
