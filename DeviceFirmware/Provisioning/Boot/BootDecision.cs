namespace NanoDps.Provisioning
{
    /// <summary>
    /// Whether this boot may use the stored assignment or must go to DPS. A record is valid only
    /// for the configuration that produced it; DPS registrations are billed and rate-limited, so
    /// a device with a valid record makes no DPS call at all.
    /// </summary>
    public sealed class BootDecision
    {
        private BootDecision(bool mustProvision, string reason)
        {
            MustProvision = mustProvision;
            Reason = reason;
        }

        /// <summary>True when the device has to register with DPS.</summary>
        public bool MustProvision { get; }

        /// <summary>Why, in words for the log.</summary>
        public string Reason { get; }

        /// <summary>
        /// Decides from the stored <paramref name="record"/> (null when none), the current
        /// configuration's identity and fingerprint, and whether the hub rejected the device
        /// (401/404 from the assigned hub) since the record was written.
        /// </summary>
        public static BootDecision Decide(ProvisioningRecord record, string idScope, string registrationId, string endpoint, string configFingerprint, bool hubRejected)
        {
            if (record == null)
            {
                return Provision("no stored assignment");
            }

            if (hubRejected)
            {
                return Provision("the assigned hub rejected the device");
            }

            if (record.IdScope != idScope)
            {
                return Provision("the id scope changed");
            }

            if (record.RegistrationId != registrationId)
            {
                return Provision("the registration id changed");
            }

            if (record.Endpoint != endpoint)
            {
                return Provision("the DPS endpoint changed");
            }

            if (record.ConfigFingerprint != configFingerprint)
            {
                return Provision("the key changed");
            }

            return new BootDecision(false, "stored assignment matches the configuration");
        }

        private static BootDecision Provision(string reason)
        {
            return new BootDecision(true, reason);
        }
    }
}
