namespace NanoDps.Provisioning
{
    /// <summary>
    /// Proves an assignment works: one small device-to-cloud message to the assigned hub over
    /// HTTPS (<see cref="HubRequests"/>). 401 or 404 means the hub no longer accepts this device
    /// (deleted, disabled, re-provisioned elsewhere, key changed).
    /// </summary>
    public static class HubProof
    {
        /// <summary>What the log calls the proof message.</summary>
        public const string Name = "hub proof";

        /// <summary>The proof message of <paramref name="device"/>, assigned as <paramref name="record"/> says, naming <paramref name="firmwareVersion"/>, signed at <paramref name="nowUnixSeconds"/>.</summary>
        public static DpsRequest Request(ProvisionedDevice device, ProvisioningRecord record, string firmwareVersion, long nowUnixSeconds)
        {
            string message = "{\"event\":\"nanodps-provisioned\",\"registrationId\":" + JsonText.Quote(record.RegistrationId)
                + ",\"firmware\":" + JsonText.Quote(firmwareVersion)
                + ",\"assignedAtUnix\":" + record.AssignedAtUnix.ToString() + "}";
            return HubRequests.DeviceToCloud(device, nowUnixSeconds, message);
        }
    }
}
