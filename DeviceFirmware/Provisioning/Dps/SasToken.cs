using System;

namespace NanoDps.Provisioning
{
    /// <summary>
    /// Shared access signatures, as DPS and IoT Hub check them:
    /// sr = <see cref="PercentEncoder.Encode"/>(resource), string-to-sign = sr + "\n" + se,
    /// sig = base64(HMAC-SHA256(key, ascii(string-to-sign))),
    /// token = "SharedAccessSignature sr={sr}&amp;sig={urlencode(sig)}&amp;se={se}[&amp;skn={keyName}]".
    /// </summary>
    public static class SasToken
    {
        /// <summary>The key name DPS documents for device registration.</summary>
        public const string RegistrationKeyName = "registration";

        /// <summary>"{idScope}/registrations/{registrationId}": what a DPS token grants.</summary>
        public static string DpsResource(string idScope, string registrationId)
        {
            return idScope + "/registrations/" + registrationId;
        }

        /// <summary>"{hub}/devices/{deviceId}": what an IoT Hub device token grants.</summary>
        public static string HubResource(string hubHost, string deviceId)
        {
            return hubHost + "/devices/" + deviceId;
        }

        /// <summary>The exact text that is signed: the encoded resource, a newline, the expiry.</summary>
        public static string StringToSign(string encodedResource, long expiryUnixSeconds)
        {
            return encodedResource + "\n" + expiryUnixSeconds.ToString();
        }

        /// <summary>
        /// The whole token for <paramref name="resource"/> (not yet encoded), valid until
        /// <paramref name="expiryUnixSeconds"/>; <paramref name="keyName"/> is omitted when null.
        /// The result is a secret: never log it.
        /// </summary>
        public static string Create(string resource, byte[] key, long expiryUnixSeconds, string keyName, IHmac hmac)
        {
            string sr = PercentEncoder.Encode(resource);
            string se = expiryUnixSeconds.ToString();
            byte[] signature = hmac.ComputeHmacSha256(key, Ascii.GetBytes(StringToSign(sr, expiryUnixSeconds)));
            string token = "SharedAccessSignature sr=" + sr + "&sig=" + PercentEncoder.Encode(Convert.ToBase64String(signature)) + "&se=" + se;
            return keyName == null ? token : token + "&skn=" + keyName;
        }
    }
}
