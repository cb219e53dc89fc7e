namespace NanoDps.Provisioning
{
    /// <summary>What the assigned hub made of a device-to-cloud message (the proof or a telemetry message).</summary>
    public enum HubVerdict
    {
        /// <summary>2xx: the hub knows the device and its key.</summary>
        Accepted = 0,

        /// <summary>401 or 404: the hub does not accept this device (deleted, disabled, moved, key changed); register again.</summary>
        Rejected = 1,

        /// <summary>No answer, 429, 5xx or anything else: try again later; the assignment stands.</summary>
        Failed = 2,
    }
}
