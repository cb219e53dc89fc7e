using System;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary>
    /// <see cref="IPowerControl"/> on the ESP32: the wake-up cause, the deep sleep of a failed boot
    /// (the board then boots again from the start) and a restart. How long to sleep, and whether
    /// to stay awake first, is the core's decision.
    /// </summary>
    public sealed class Esp32Power : IPowerControl
    {
        // Lets the last lines of the serial log leave the UART before the chip powers down.
        private const int SerialDrainMilliseconds = 500;

        private readonly ILog _log;

        /// <summary>The board's power control, writing what it does to <paramref name="log"/>.</summary>
        public Esp32Power(ILog log)
        {
            _log = log;
        }

        /// <inheritdoc/>
        public bool WokeFromRetrySleep
        {
            get { return Sleep.GetWakeupCause() == Sleep.WakeupCause.Timer; }
        }

        /// <inheritdoc/>
        public void DeepSleep(int seconds)
        {
            Thread.Sleep(SerialDrainMilliseconds);
            if (Sleep.EnableWakeupByTimer(TimeSpan.FromSeconds(seconds)) == EspNativeError.OK)
            {
                Sleep.StartDeepSleep();
            }

            // The timer wake-up could not be armed: wait awake as long, then start again.
            _log.Write(LogLevel.Warning, "deep sleep unavailable: waiting awake " + seconds.ToString() + " s, then restarting");
            Thread.Sleep(seconds * 1000);
            Power.RebootDevice();
        }

        /// <inheritdoc/>
        public void Restart()
        {
            Thread.Sleep(SerialDrainMilliseconds);
            Power.RebootDevice();
        }
    }
}
