namespace NanoDps.Provisioning
{
    /// <summary>
    /// What the device keeps after a successful assignment, so later boots skip DPS.
    /// Stored as versioned text that the core writes and reads itself:
    /// <code>
    /// nanodps-record/1
    /// assignedHub=myhub.azure-devices.net
    /// deviceId=nanodps-a0b1c2d3e4f5
    /// registrationId=nanodps-a0b1c2d3e4f5
    /// idScope=0ne00ABCDEF
    /// endpoint=global.azure-devices-provisioning.net
    /// assignedAtUnix=1764340000
    /// configFingerprint=3f1e...(32 hex)
    /// crc32=8 hex digits over every character before this line
    /// </code>
    /// A record with the payload DPS returned is version 2: header <c>nanodps-record/2</c> and one more
    /// line, <c>payload={...}</c> (the JSON on one line), before the checksum. A record without one is
    /// still written as version 1, and both versions are read.
    /// Anything else (another version, a missing or extra line, a bad checksum, a cut-off file)
    /// parses as null: "no record", never garbage.
    /// </summary>
    public sealed class ProvisioningRecord
    {
        /// <summary>The record's file in flash (config/forget-assignment.json deletes it).</summary>
        public const string FileName = "nanodps.rec";

        /// <summary>First line of a version-1 record.</summary>
        public const string Header = "nanodps-record/1";

        /// <summary>First line of a version-2 record: version 1 plus the payload line.</summary>
        public const string HeaderWithPayload = "nanodps-record/2";

        private const string PayloadKey = "payload";

        private static readonly string[] Keys = new string[]
        {
            "assignedHub", "deviceId", "registrationId", "idScope", "endpoint", "assignedAtUnix", "configFingerprint",
        };

        /// <summary>Creates a record.</summary>
        public ProvisioningRecord(string assignedHub, string deviceId, string registrationId, string idScope, string endpoint, long assignedAtUnix, string configFingerprint)
            : this(assignedHub, deviceId, registrationId, idScope, endpoint, assignedAtUnix, configFingerprint, null)
        {
        }

        /// <summary>Creates a record that keeps the payload DPS returned (JSON text, or null for none).</summary>
        public ProvisioningRecord(string assignedHub, string deviceId, string registrationId, string idScope, string endpoint, long assignedAtUnix, string configFingerprint, string payloadJson)
        {
            PayloadJson = DeviceConfig.IsEmpty(payloadJson) ? null : OneLine(payloadJson);
            AssignedHub = assignedHub;
            DeviceId = deviceId;
            RegistrationId = registrationId;
            IdScope = idScope;
            Endpoint = endpoint;
            AssignedAtUnix = assignedAtUnix;
            ConfigFingerprint = configFingerprint;
        }

        /// <summary>IoT Hub host name DPS assigned.</summary>
        public string AssignedHub { get; }

        /// <summary>Device id in that hub.</summary>
        public string DeviceId { get; }

        /// <summary>Registration id the device registered with.</summary>
        public string RegistrationId { get; }

        /// <summary>ID scope of the DPS instance.</summary>
        public string IdScope { get; }

        /// <summary>DPS endpoint that made the assignment.</summary>
        public string Endpoint { get; }

        /// <summary>When the assignment was received, Unix seconds.</summary>
        public long AssignedAtUnix { get; }

        /// <summary><see cref="NanoDps.Provisioning.ConfigFingerprint"/> of the configuration that produced it.</summary>
        public string ConfigFingerprint { get; }

        /// <summary>The payload DPS returned with the assignment (JSON text on one line), or null.</summary>
        public string PayloadJson { get; }

        /// <summary>The record as text, checksum last.</summary>
        public string ToText()
        {
            string[] values = Values();
            string text = (PayloadJson == null ? Header : HeaderWithPayload) + "\n";
            for (int i = 0; i < Keys.Length; i++)
            {
                text += Keys[i] + "=" + values[i] + "\n";
            }

            if (PayloadJson != null)
            {
                text += PayloadKey + "=" + PayloadJson + "\n";
            }

            return text + "crc32=" + Crc32.ToHex(Crc32.OfAscii(text, text.Length)) + "\n";
        }

        /// <summary>The record in <paramref name="text"/>, or null when it is not a whole, valid version-1 or version-2 record.</summary>
        public static ProvisioningRecord Parse(string text)
        {
            if (text == null)
            {
                return null;
            }

            bool withPayload = text.StartsWith(HeaderWithPayload + "\n");
            if (!withPayload && !text.StartsWith(Header + "\n"))
            {
                return null;
            }

            int crcAt = text.IndexOf("\ncrc32=");
            if (crcAt < 0 || text.Length != crcAt + 7 + 8 + 1 || text[text.Length - 1] != '\n')
            {
                return null;
            }

            string crc = text.Substring(crcAt + 7, 8);
            if (crc != Crc32.ToHex(Crc32.OfAscii(text, crcAt + 1)))
            {
                return null;
            }

            string[] lines = text.Substring(0, crcAt).Split('\n');
            if (lines.Length != Keys.Length + (withPayload ? 2 : 1))
            {
                return null;
            }

            string payload = null;
            if (withPayload)
            {
                string last = lines[lines.Length - 1];
                if (!last.StartsWith(PayloadKey + "=") || last.Length == PayloadKey.Length + 1)
                {
                    return null;
                }

                payload = last.Substring(PayloadKey.Length + 1);
            }

            string[] values = new string[Keys.Length];
            for (int i = 0; i < Keys.Length; i++)
            {
                string prefix = Keys[i] + "=";
                if (!lines[i + 1].StartsWith(prefix) || lines[i + 1].Length == prefix.Length)
                {
                    return null;
                }

                values[i] = lines[i + 1].Substring(prefix.Length);
            }

            long assignedAt;
            if (!long.TryParse(values[5], out assignedAt))
            {
                return null;
            }

            return new ProvisioningRecord(values[0], values[1], values[2], values[3], values[4], assignedAt, values[6], payload);
        }

        // JSON allows line breaks only between tokens (never raw inside a string), so a space keeps its meaning.
        private static string OneLine(string json)
        {
            if (json.IndexOf('\n') < 0 && json.IndexOf('\r') < 0)
            {
                return json;
            }

            char[] chars = json.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == '\n' || chars[i] == '\r')
                {
                    chars[i] = ' ';
                }
            }

            return new string(chars);
        }

        private string[] Values()
        {
            return new string[]
            {
                AssignedHub, DeviceId, RegistrationId, IdScope, Endpoint, AssignedAtUnix.ToString(), ConfigFingerprint,
            };
        }
    }
}
