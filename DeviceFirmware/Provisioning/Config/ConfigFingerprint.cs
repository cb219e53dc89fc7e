namespace NanoDps.Provisioning
{
    /// <summary>
    /// A fingerprint of what an assignment depends on: id scope, registration id, endpoint and
    /// the device key. It is an HMAC under the device key, so it changes with the key but
    /// reveals nothing about it; the record stores this, never the key.
    /// </summary>
    public static class ConfigFingerprint
    {
        private const string Label = "nanodps-config-fingerprint/1";

        /// <summary>32 lowercase hex digits (the first 16 bytes of the HMAC).</summary>
        public static string Compute(string idScope, string registrationId, string endpoint, byte[] deviceKey, IHmac hmac)
        {
            string data = Label + "\n" + idScope + "\n" + registrationId + "\n" + endpoint;
            return Hex.ToLower(hmac.ComputeHmacSha256(deviceKey, Ascii.GetBytes(data)), 16);
        }
    }
}
