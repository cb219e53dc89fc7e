namespace NanoDps.Provisioning
{
    /// <summary>
    /// The DPS registration id: by default "{prefix}-{12 lowercase hex digits of the Wi-Fi
    /// station MAC}", or an explicit id from the configuration.
    /// </summary>
    public static class RegistrationId
    {
        /// <summary>Longest registration id DPS accepts.</summary>
        public const int MaxLength = 128;

        /// <summary>Length of "-" plus 12 hex digits that <see cref="FromMac"/> appends to the prefix.</summary>
        public const int MacSuffixLength = 13;

        /// <summary>
        /// The id this device registers with: the configuration's explicit registrationId when it
        /// has one, otherwise "{registrationIdPrefix}-{mac}". The configuration must be valid.
        /// </summary>
        public static string ForDevice(DeviceConfig config, byte[] mac)
        {
            return DeviceConfig.IsEmpty(config.RegistrationId) ? FromMac(config.RegistrationIdPrefix, mac) : config.RegistrationId;
        }

        /// <summary>"{prefix}-{mac as 12 lowercase hex digits}".</summary>
        public static string FromMac(string prefix, byte[] mac)
        {
            return prefix + "-" + Hex.ToLower(mac, 6);
        }

        /// <summary>
        /// Null when <paramref name="id"/> follows the DPS rules as this firmware applies them:
        /// 1-128 characters of a-z 0-9 - . _, starting and ending with a letter or digit.
        /// Otherwise what is wrong. Uppercase is refused: DPS compares ids case-insensitively but
        /// the derived key depends on the exact bytes, a classic cause of 401.
        /// </summary>
        public static string Check(string id)
        {
            if (id == null || id.Length == 0)
            {
                return "is empty";
            }

            if (id.Length > MaxLength)
            {
                return "is " + id.Length.ToString() + " characters long; at most 128 are allowed";
            }

            return CheckCharacters(id, true);
        }

        /// <summary>Null when <paramref name="prefix"/> can start a MAC-based id, otherwise what is wrong.</summary>
        public static string CheckPrefix(string prefix)
        {
            if (prefix.Length > MaxLength - MacSuffixLength)
            {
                return "is " + prefix.Length.ToString() + " characters long; at most 115 leave room for the MAC";
            }

            return CheckCharacters(prefix, false);
        }

        private static string CheckCharacters(string id, bool mustEndAlphanumeric)
        {
            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                if (c >= 'A' && c <= 'Z')
                {
                    return "has uppercase '" + c.ToString() + "' at position " + (i + 1).ToString() + "; use lowercase";
                }

                if (!Ascii.IsLowerAlphanumeric(c) && c != '-' && c != '.' && c != '_')
                {
                    return "has a character that is not a-z, 0-9, '-', '.' or '_' at position " + (i + 1).ToString();
                }
            }

            if (!Ascii.IsLowerAlphanumeric(id[0]))
            {
                return "must start with a letter or digit";
            }

            if (mustEndAlphanumeric && !Ascii.IsLowerAlphanumeric(id[id.Length - 1]))
            {
                return "must end with a letter or digit";
            }

            return null;
        }
    }
}
