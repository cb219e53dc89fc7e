using System;
using System.Threading;
using nanoFramework.Networking;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// <see cref="IClock"/> on the chip's RTC, which the ESP32 firmware sets by SNTP
    /// (pool.ntp.org) once the network is up. Until then it counts from its power-on default.
    /// </summary>
    public sealed class SystemClock : IClock
    {
        private const int PollMilliseconds = 500;
        private const int SntpRetryMilliseconds = 15000;

        /// <inheritdoc/>
        public long UtcNowMilliseconds
        {
            get
            {
                DateTime now = DateTime.UtcNow;
                return (now.ToUnixTimeSeconds() * 1000) + now.Millisecond;
            }
        }

        /// <summary>
        /// True as soon as the clock reads at least <paramref name="minUnixSeconds"/>; otherwise
        /// asks SNTP for the time (again every 15 s) and gives up after
        /// <paramref name="timeoutMilliseconds"/>. The caller decides what a false means.
        /// </summary>
        public bool WaitUntilAfter(long minUnixSeconds, int timeoutMilliseconds, ILog log)
        {
            if (NowSeconds() >= minUnixSeconds)
            {
                return true;
            }

            log.Write(LogLevel.Info, "the clock reads " + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss") + " UTC, before this firmware was built: waiting for SNTP");
            if (!Sntp.IsStarted)
            {
                Sntp.Start();
            }

            for (int waited = 0; waited < timeoutMilliseconds; waited += PollMilliseconds)
            {
                if (waited % SntpRetryMilliseconds == 0)
                {
                    Sntp.UpdateNow();
                }

                Thread.Sleep(PollMilliseconds);
                if (NowSeconds() >= minUnixSeconds)
                {
                    log.Write(LogLevel.Info, "clock set by SNTP: " + DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss") + " UTC");
                    return true;
                }
            }

            return false;
        }

        private long NowSeconds()
        {
            return UtcNowMilliseconds / 1000;
        }
    }
}
