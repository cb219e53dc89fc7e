using System.Collections;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// A Wi-Fi station with credentials "in flash" that counts every write of them; a join uses
    /// what is stored (nothing stored: network not found) and answers from a script, joined by default.
    /// </summary>
    public sealed class FakeNetwork : INetworkLink
    {
        private readonly ArrayList _results = new ArrayList();

        public FakeNetwork(byte[] mac)
        {
            Mac = mac;
        }

        public byte[] Mac { get; set; }

        public string StoredSsid { get; set; }

        public string StoredPassword { get; set; }

        /// <summary>Writes of the credentials to flash.</summary>
        public int CredentialWrites { get; private set; }

        public int Joins { get; private set; }

        public int LastTimeout { get; private set; }

        /// <summary>The next join ends with <paramref name="result"/> (in order; then joined).</summary>
        public FakeNetwork Then(NetworkJoinResult result)
        {
            _results.Add(result);
            return this;
        }

        public byte[] StationMac()
        {
            return Mac;
        }

        public bool StoredCredentialsMatch(string ssid, string password)
        {
            return StoredSsid == ssid && StoredPassword == password;
        }

        public void StoreCredentials(string ssid, string password)
        {
            CredentialWrites++;
            StoredSsid = ssid;
            StoredPassword = password;
        }

        public NetworkJoinResult JoinStored(int timeoutMilliseconds)
        {
            Joins++;
            LastTimeout = timeoutMilliseconds;
            if (_results.Count > 0)
            {
                NetworkJoinResult next = (NetworkJoinResult)_results[0];
                _results.RemoveAt(0);
                return next;
            }

            return StoredSsid == null ? new NetworkJoinResult(NetworkJoinKind.NetworkNotFound, "nothing stored") : NetworkJoinResult.Joined("address 192.168.1.57");
        }
    }
}
