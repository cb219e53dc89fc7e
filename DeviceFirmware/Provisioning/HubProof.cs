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

        /// <summary>
        /// Sends the proof message for <paramref name="record"/> (naming <paramref name="firmwareVersion"/>)
        /// and says what the hub made of it.
        /// </summary>
        public static HubProofResult Send(ProvisioningRecord record, byte[] deviceKey, string firmwareVersion, IHttpExchange http, IHmac hmac, IClock clock, ILog log)
        {
            long expiry = (clock.UtcNowMilliseconds / 1000) + TokenTtlSeconds;
            string message = "{\"event\":\"nanodps-provisioned\",\"registrationId\":" + JsonText.Quote(record.RegistrationId)
                + ",\"firmware\":" + JsonText.Quote(firmwareVersion)
                + ",\"assignedAtUnix\":" + record.AssignedAtUnix.ToString() + "}";
            log.Write(LogLevel.Info, "proving the assignment: one message to " + record.AssignedHub + " as " + record.DeviceId);

            HttpExchangeResult result = http.Send(HubRequests.Telemetry(record.AssignedHub, record.DeviceId, deviceKey, expiry, message, hmac));
            int status = result.StatusCode;
            if (status >= 200 && status < 300)
            {
                log.Write(LogLevel.Info, "the hub accepted the message (" + status.ToString() + ")");
                return HubProofResult.Accepted;
            }

            string detail = status == 0 ? result.Failure : "HTTP " + status.ToString() + (result.Body != null && result.Body.Message != null ? ": " + result.Body.Message : string.Empty);
            if (status == 401 || status == 404)
            {
                log.Write(LogLevel.Warning, "the hub refused the device (" + detail + "): it was deleted or disabled there, moved to another hub, or its key changed");
                return HubProofResult.Rejected;
            }

            log.Write(LogLevel.Warning, "the hub message failed (" + detail + ")");
            return HubProofResult.Failed;
        }
    }
}
