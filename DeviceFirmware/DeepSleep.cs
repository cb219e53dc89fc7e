using System;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// Ends a boot that failed: counts the failed boots in a small file on I:\ (the ESP32 managed
    /// API has no RTC memory), sleeps as long as <see cref="RetrySchedule"/> says, and wakes up as
    /// a fresh boot. A board never loops on a failure faster than every few minutes.
    /// </summary>
    public sealed class DeepSleep
    {
        /// <summary>File holding the number of failed boots in a row.</summary>
        public const string FailedBootsFile = "nanodps.retry";

        private const int SerialDrainMilliseconds = 500;

        // A sleeping ESP32 does not answer nanoff or Visual Studio. After a power-on or a press
        // of RESET (someone is at the board) a failed boot stays awake this long first, so a fixed
        // device.json can be deployed; after a timer wake-up (unattended) it sleeps at once.
        private const int AwakeAfterResetMilliseconds = 60000;
        private readonly IFlashStore _flash;
        private readonly IRandom _random;
        private readonly ILog _log;

        /// <summary>Creates the retry policy over <paramref name="flash"/>.</summary>
        public DeepSleep(IFlashStore flash, IRandom random, ILog log)
        {
            _flash = flash;
            _random = random;
            _log = log;
        }

        /// <summary>Failed boots in a row before this one (0 when the file is absent or unreadable).</summary>
        public int FailedBoots
        {
            get
            {
                int count;
                try
                {
                    string text = _flash.ReadText(FailedBootsFile);
                    return text != null && int.TryParse(text.Trim(), out count) && count > 0 ? count : 0;
                }
                catch (Exception)
                {
                    return 0;
                }
            }
        }

        /// <summary>Forgets the failed boots: called once a boot ends with a working assignment.</summary>
        public void Reset()
        {
            try
            {
                _flash.Delete(FailedBootsFile);
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "could not clear the failed-boot count on I:\\ (" + ex.Message + ")");
            }
        }

        /// <summary>Logs <paramref name="reason"/>, counts this boot as failed and sleeps; does not return.</summary>
        public void AfterFailure(string reason)
        {
            int failedBoots = FailedBoots + 1;
            try
            {
                _flash.WriteText(FailedBootsFile, failedBoots.ToString());
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, "could not count the failed boot on I:\\ (" + ex.Message + "); the next wait will not grow");
            }

            int seconds = RetrySchedule.DelaySeconds(failedBoots, _random);
            _log.Write(LogLevel.Error, "boot " + failedBoots.ToString() + " in a row without a working assignment: " + reason);
            if (Sleep.GetWakeupCause() != Sleep.WakeupCause.Timer)
            {
                _log.Write(LogLevel.Info, "staying awake " + (AwakeAfterResetMilliseconds / 1000).ToString() + " s so that nanoff or Visual Studio can reach the board");
                Thread.Sleep(AwakeAfterResetMilliseconds);
            }

            _log.Write(LogLevel.Info, "deep sleep for " + (seconds / 60).ToString() + " min " + (seconds % 60).ToString() + " s, then the board starts again");
            Thread.Sleep(SerialDrainMilliseconds);

            if (Sleep.EnableWakeupByTimer(TimeSpan.FromSeconds(seconds)) == EspNativeError.OK)
            {
                Sleep.StartDeepSleep();
            }

            // The timer wake-up could not be armed: wait awake instead, then restart.
            _log.Write(LogLevel.Warning, "deep sleep unavailable: waiting awake, then rebooting");
            Thread.Sleep(seconds * 1000);
            Power.RebootDevice();
        }
    }
}
