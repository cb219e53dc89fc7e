using System.Threading;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// <see cref="IDelay"/> with <c>Thread.Sleep</c>. Each wait re-arms the watchdog for the wait
    /// plus a margin, so the driver loop can wait as long as the core asks and no longer.
    /// </summary>
    public sealed class ThreadDelay : IDelay
    {
        private const int MarginMilliseconds = 30000;
        private readonly Watchdog _watchdog;

        /// <summary>Creates a delay that keeps <paramref name="watchdog"/> informed.</summary>
        public ThreadDelay(Watchdog watchdog)
        {
            _watchdog = watchdog;
        }

        /// <inheritdoc/>
        public void Sleep(int milliseconds)
        {
            if (milliseconds <= 0)
            {
                return;
            }

            _watchdog.Arm(milliseconds + MarginMilliseconds, "waiting " + (milliseconds / 1000).ToString() + " s between DPS requests");
            Thread.Sleep(milliseconds);
        }
    }
}
