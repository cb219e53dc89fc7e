namespace NanoDps.Provisioning
{
    /// <summary>What the assigned hub made of the proof message.</summary>
    public enum HubProofResult
    {
        /// <summary>2xx: the hub knows the device and its key.</summary>
        Accepted = 0,

        /// <summary>401 or 404: the hub does not accept this device; provision again.</summary>
        Rejected = 1,

        /// <summary>No answer, 429 or 5xx: try again on a later boot.</summary>
        Failed = 2,
    }
}
