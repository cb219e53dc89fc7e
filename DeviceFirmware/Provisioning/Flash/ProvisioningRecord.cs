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
    /// Anything else (another version, a missing or extra line, a bad checksum, a cut-off file)
    /// parses as null: "no record", never garbage.
    /// </summary>
    public sealed class ProvisioningRecord
    {
        /// <summary>The record's file in flash (config/forget-assignment.json deletes it).</summary>
        public const string FileName = "nanodps.rec";

        /// <summary>First line of a version-1 record.</summary>
        public const string Header = "nanodps-record/1";

        private static readonly string[] Keys = new string[]
        {
            "assignedHub", "deviceId", "registrationId", "idScope", "endpoint", "assignedAtUnix", "configFingerprint",
        };

        /// <summary>Creates a record.</summary>
        public ProvisioningRecord(string assignedHub, string deviceId, string registrationId, string idScope, string endpoint, long assignedAtUnix, string configFingerprint)
        {
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

        /// <summary>The record as text, checksum last.</summary>
        public string ToText()
        {
            string[] values = Values();
            string text = Header + "\n";
            for (int i = 0; i < Keys.Length; i++)
            {
                text += Keys[i] + "=" + values[i] + "\n";
            }

            return text + "crc32=" + Crc32.ToHex(Crc32.OfAscii(text, text.Length)) + "\n";
        }

        /// <summary>The record in <paramref name="text"/>, or null when it is not a whole, valid version-1 record.</summary>
        public static ProvisioningRecord Parse(string text)
        {
            if (text == null || !text.StartsWith(Header + "\n"))
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
            if (lines.Length != Keys.Length + 1)
            {
                return null;
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

            return new ProvisioningRecord(values[0], values[1], values[2], values[3], values[4], assignedAt, values[6]);
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
