using System;

namespace NanoDps.Provisioning
{
    /// <summary>The device's symmetric key: derived from a group-enrollment key, or its own.</summary>
    public static class DeviceKey
    {
        /// <summary>
        /// HMAC-SHA256(key = base64decode(groupKey), data = utf8(registrationId)): the key DPS
        /// expects from a device of a symmetric-key enrollment group (32 bytes).
        /// </summary>
        public static byte[] Derive(byte[] groupKey, string registrationId, IHmac hmac)
        {
            return hmac.ComputeHmacSha256(groupKey, Ascii.GetBytes(registrationId));
        }

        /// <summary>
        /// The key this device signs with: derived when the configuration has a group key,
        /// the individual key as it is otherwise. The configuration must have passed validation.
        /// </summary>
        public static byte[] Resolve(DeviceConfig config, string registrationId, IHmac hmac)
        {
            if (!DeviceConfig.IsEmpty(config.GroupKey))
            {
                return Derive(Base64Key.Decode(config.GroupKey), registrationId, hmac);
            }

            return Base64Key.Decode(config.DeviceKey);
        }

        /// <summary>The key as base64, as the DPS portal and tools show device keys.</summary>
        public static string ToBase64(byte[] key)
        {
            return Convert.ToBase64String(key);
        }
    }
}
