using System;
using System.Threading;
using nanoFramework.Networking;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary>
    /// <see cref="IClock"/> on the chip's RTC, and <see cref="IClockSync"/> with SNTP: the ESP32
    /// firmware sets the RTC from pool.ntp.org once the network is up; until then it counts from
    /// its power-on default. Whether the time is plausible is the core's decision.
    /// </summary>
    public sealed class SystemClock : IClock, IClockSync
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

        /// <inheritdoc/>
        public ClockSyncResult WaitUntilAfter(long minUnixSeconds, int timeoutMilliseconds)
        {
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
                if (UtcNowMilliseconds / 1000 >= minUnixSeconds)
                {
                    return ClockSyncResult.Set;
                }
            }

            return ClockSyncResult.TimedOut;
        }
    }
}
