namespace NanoDps.Provisioning
{
    /// <summary>
    /// The network the board reaches DPS through: its Wi-Fi station on an ESP32 (the PC's own
    /// connection on a PC). Whether to write the credentials is the core's decision, so flash is
    /// written only when they changed; joining uses what is stored.
    /// </summary>
    public interface INetworkLink
    {
        /// <summary>The station's 6-byte MAC (the registration id is made from it), or null when the board has none.</summary>
        byte[] StationMac();

        /// <summary>True when the board's network configuration in flash already holds exactly these credentials.</summary>
        bool StoredCredentialsMatch(string ssid, string password);

        /// <summary>Writes the credentials to the board's network configuration in flash.</summary>
        void StoreCredentials(string ssid, string password);

        /// <summary>Joins with the stored credentials and waits for a DHCP address, at most <paramref name="timeoutMilliseconds"/>.</summary>
        NetworkJoinResult JoinStored(int timeoutMilliseconds);
    }
}
