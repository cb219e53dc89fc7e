using System;
using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using nanoFramework.Networking;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// The Wi-Fi station: its MAC (which the registration id is made from, readable before any
    /// connection) and joining a network with DHCP, bounded by a timeout.
    /// </summary>
    public static class WifiLink
    {
        /// <summary>
        /// The 6-byte MAC of the Wi-Fi station interface (on ESP32: interface 0, from eFuse).
        /// Throws when the board has none or it reads as all zeros, which would give every board
        /// the same registration id.
        /// </summary>
        public static byte[] StationMac()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    byte[] mac = interfaces[i].PhysicalAddress;
                    if (mac == null || mac.Length != 6 || IsZero(mac))
                    {
                        throw new InvalidOperationException("the Wi-Fi station MAC is not available");
                    }

                    return mac;
                }
            }

            throw new InvalidOperationException("this board has no Wi-Fi station interface");
        }

        /// <summary>
        /// Joins <paramref name="ssid"/> with DHCP and waits for an address and a date of 2021 or
        /// later (nanoFramework's requiresDateTime), all within <paramref name="timeoutMilliseconds"/>.
        /// The helper also stores the credentials in the device's network configuration.
        /// </summary>
        public static bool Join(string ssid, string password, int timeoutMilliseconds, ILog log)
        {
            log.Write(LogLevel.Info, "joining Wi-Fi \"" + ssid + "\" (DHCP, at most " + (timeoutMilliseconds / 1000).ToString() + " s)");
            bool joined;
            using (CancellationTokenSource timeout = new CancellationTokenSource(timeoutMilliseconds))
            {
                joined = WifiNetworkHelper.ConnectDhcp(ssid, password ?? string.Empty, WifiReconnectionKind.Automatic, true, 0, timeout.Token);
            }

            if (joined)
            {
                log.Write(LogLevel.Info, "Wi-Fi up, address " + StationAddress());
                return true;
            }

            Exception problem = WifiNetworkHelper.HelperException;
            log.Write(LogLevel.Error, "Wi-Fi not joined: " + StatusName(WifiNetworkHelper.Status) + (problem == null ? string.Empty : " (" + problem.Message + ")")
                + ". Check wifiSsid and wifiPassword in device.json and that the network is 2.4 GHz");
            return false;
        }

        private static string StationAddress()
        {
            NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
            for (int i = 0; i < interfaces.Length; i++)
            {
                if (interfaces[i].NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                {
                    return interfaces[i].IPv4Address;
                }
            }

            return "unknown";
        }

        private static string StatusName(NetworkHelperStatus status)
        {
            switch (status)
            {
                case NetworkHelperStatus.TokenExpiredWaitingIPAddress:
                    return "no IP address before the timeout";
                case NetworkHelperStatus.TokenExpiredWaitingDateTime:
                    return "no valid date before the timeout";
                case NetworkHelperStatus.FailedNoNetworkInterface:
                    return "no network interface";
                case NetworkHelperStatus.ExceptionOccurred:
                    return "the Wi-Fi driver failed";
                default:
                    return "status " + ((int)status).ToString();
            }
        }

        private static bool IsZero(byte[] bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
