using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary>
    /// <see cref="INetworkLink"/> on the ESP32's Wi-Fi station, as System.Device.Wifi 1.5.14x and
    /// the firmware really behave (docs/explanation/dependencies.md): the credentials live in the station's
    /// <see cref="Wireless80211Configuration"/> in flash and are written only when the core asks;
    /// with AutoConnect stored the firmware starts the join itself at boot, so a join first waits
    /// for that address, and only then asks <see cref="WifiAdapter.Connect(string, WifiReconnectionKind, string)"/>
    /// (Automatic: no flash write), whose status tells a wrong password from a network not found.
    /// WifiNetworkHelper.ConnectDhcp is not used: it writes flash on every call and ignores the join's result.
    /// </summary>
    public sealed class WifiLink : INetworkLink
    {
        // How long the join the firmware started at boot may take before the adapter is asked why.
        private const int BootJoinMilliseconds = 15000;
        private const int PollMilliseconds = 200;
        private bool _storedThisBoot;

        /// <inheritdoc/>
        public byte[] StationMac()
        {
            NetworkInterface station = Station();
            byte[] mac = station == null ? null : station.PhysicalAddress;
            return mac != null && mac.Length == 6 ? mac : null;
        }

        /// <inheritdoc/>
        public bool StoredCredentialsMatch(string ssid, string password)
        {
            Wireless80211Configuration stored = Stored();
            // The firmware may hand back null for an empty password: compare as the core passes them, "" for none.
            return stored != null && (stored.Ssid ?? string.Empty) == ssid && (stored.Password ?? string.Empty) == password
                && (stored.Options & Wireless80211Configuration.ConfigurationOptions.AutoConnect) == Wireless80211Configuration.ConfigurationOptions.AutoConnect;
        }

        /// <inheritdoc/>
        public void StoreCredentials(string ssid, string password)
        {
            Wireless80211Configuration stored = Stored();
            stored.Ssid = ssid;
            stored.Password = password;
            stored.Options = Wireless80211Configuration.ConfigurationOptions.AutoConnect;
            stored.SaveConfiguration();
            _storedThisBoot = true;
        }

        /// <inheritdoc/>
        public NetworkJoinResult JoinStored(int timeoutMilliseconds)
        {
            try
            {
                long deadline = Environment.TickCount64 + timeoutMilliseconds;
                string address = _storedThisBoot ? null : WaitForAddress(Environment.TickCount64 + (timeoutMilliseconds < BootJoinMilliseconds ? timeoutMilliseconds : BootJoinMilliseconds));
                if (address != null)
                {
                    return NetworkJoinResult.Joined("address " + address);
                }

                // The boot join did not happen or did not finish (new credentials, AP away): join now and learn why not.
                Wireless80211Configuration stored = Stored();
                WifiConnectionResult result = WifiAdapter.FindAllAdapters()[0].Connect(stored.Ssid, WifiReconnectionKind.Automatic, stored.Password);
                switch (result.ConnectionStatus)
                {
                    case WifiConnectionStatus.Success:
                        address = WaitForAddress(deadline);
                        return address != null ? NetworkJoinResult.Joined("address " + address) : new NetworkJoinResult(NetworkJoinKind.NoAddress, "associated, but no DHCP address");
                    case WifiConnectionStatus.NetworkNotAvailable:
                        return new NetworkJoinResult(NetworkJoinKind.NetworkNotFound, null);
                    case WifiConnectionStatus.InvalidCredential:
                        return new NetworkJoinResult(NetworkJoinKind.WrongPassword, "or the access point refused the board");
                    case WifiConnectionStatus.Timeout:
                        return new NetworkJoinResult(NetworkJoinKind.TimedOut, null);
                    default:
                        return new NetworkJoinResult(NetworkJoinKind.Failed, "Wi-Fi status " + ((int)result.ConnectionStatus).ToString());
                }
            }
            catch (Exception ex)
            {
                return new NetworkJoinResult(NetworkJoinKind.Failed, ex.GetType().Name + ": " + ex.Message);
            }
        }

        private static string WaitForAddress(long deadline)
        {
            while (true)
            {
                NetworkInterface station = Station();
                string address = station == null ? null : station.IPv4Address;
                if (address != null && address.Length > 0 && address[0] != '0')
                {
                    return address;
                }

                if (Environment.TickCount64 >= deadline)
                {
                    return null;
                }

                Thread.Sleep(PollMilliseconds);
            }
        }

        private static NetworkInterface Station()
        {
            foreach (NetworkInterface candidate in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (candidate.NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    return candidate;
                }
            }

            return null;
        }

        private static Wireless80211Configuration Stored()
        {
            NetworkInterface station = Station();
            return station == null ? null : Wireless80211Configuration.GetAllWireless80211Configurations()[station.SpecificConfigId];
        }
    }
}
