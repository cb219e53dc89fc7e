using System;

namespace NanoDps.Provisioning
{
    /// <summary>The blocking loop that drives a <see cref="BootSequence"/> on the board and on a PC: one action at a time.</summary>
    public static class BootRunner
    {
        /// <summary>
        /// Performs <paramref name="action"/> and every action after it until the boot is done, then
        /// sleeps or restarts through <see cref="BootPorts.Power"/> when that is how it ended (on the
        /// board neither returns). Returns how the boot ended.
        /// </summary>
        public static BootOutcome Run(BootSequence boot, BootAction action, BootPorts ports)
        {
            while (action.Kind != BootActionKind.Done)
            {
                action = Perform(boot, action, ports);
            }

            BootOutcome outcome = action.Outcome;
            if (outcome.Kind == BootOutcomeKind.Sleep)
            {
                ports.Power.DeepSleep(outcome.SleepSeconds);
            }
            else if (outcome.Kind == BootOutcomeKind.Restart)
            {
                ports.Power.Restart();
            }

            return outcome;
        }

        private static BootAction Perform(BootSequence boot, BootAction action, BootPorts ports)
        {
            try
            {
                switch (action.Kind)
                {
                    case BootActionKind.JoinNetwork:
                        return boot.NetworkJoined(ports.Network.JoinStored(action.Milliseconds));
                    case BootActionKind.SyncClock:
                        return boot.ClockSynced(ports.ClockSync.WaitUntilAfter(action.MinUnixSeconds, action.Milliseconds));
                    case BootActionKind.Send:
                        return boot.Answered(ports.Http.Send(action.Request));
                    default:
                        ports.Delay.Sleep(action.Milliseconds);
                        return boot.Waited();
                }
            }
            catch (Exception ex)
            {
                // Adapters report failures as results; one that throws ends the boot, counted and slept.
                return boot.Abort("unexpected " + ex.GetType().Name + ": " + ex.Message);
            }
        }
    }
}
