using System;
using System.Threading;
using nanoFramework.Runtime.Native;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// A software watchdog (the firmware leaves the ESP-IDF task watchdog off and nanoFramework
    /// has no managed watchdog API). Every step arms it with its own bound; if a step is still
    /// running when the bound expires (a TLS handshake or DNS lookup that never returns: the HTTP
    /// stack has no connect timeout), the timer thread ends the boot as a failure, deep sleep
    /// included, and reboots if even that fails.
    /// </summary>
    public sealed class Watchdog
    {
        private readonly Timer _timer;
        private readonly ILog _log;
        private readonly DeepSleep _deepSleep;
        private string _step = "boot";

        /// <summary>Creates a disarmed watchdog.</summary>
        public Watchdog(ILog log, DeepSleep deepSleep)
        {
            _log = log;
            _deepSleep = deepSleep;
            _timer = new Timer(Expired, null, Timeout.Infinite, Timeout.Infinite);
        }

        /// <summary>(Re)starts the countdown: <paramref name="step"/> must end within <paramref name="boundMilliseconds"/>.</summary>
        public void Arm(int boundMilliseconds, string step)
        {
            _step = step;
            _timer.Change(boundMilliseconds, Timeout.Infinite);
        }

        /// <summary>Disarms the watchdog once the boot has finished.</summary>
        public void Stop()
        {
            _timer.Change(Timeout.Infinite, Timeout.Infinite);
        }

        private void Expired(object state)
        {
            string step = _step;
            _log.Write(LogLevel.Error, "watchdog: \"" + step + "\" did not finish within its bound");
            try
            {
                _deepSleep.AfterFailure("the step \"" + step + "\" hung");
            }
            catch (Exception)
            {
                // Nothing else can run reliably now.
            }

            Power.RebootDevice();
        }
    }
}
