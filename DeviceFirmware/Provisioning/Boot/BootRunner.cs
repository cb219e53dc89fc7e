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

        /// <summary>
        /// The board's whole life: boots, hands the device to <paramref name="application"/>, and
        /// boots again (registering once more) each time the hub refuses the device. An application
        /// that throws fails the boot like any other failure. Returns when a boot ends without a
        /// device (on the board a sleep or restart does not return) or the application is done.
        /// </summary>
        public static BootOutcome Run(BootSequence boot, BootPorts ports, IApplication application)
        {
            BootOutcome outcome = Run(boot, boot.Start(), ports);
            while (outcome.IsProvisioned)
            {
                BootAction next;
                try
                {
                    if (!application.RunUntilRefused(outcome.Device))
                    {
                        return outcome;
                    }

                    next = boot.HubRefused();
                }
                catch (Exception ex)
                {
                    next = boot.Abort(BootText.ApplicationFailed(ex));
                }

                outcome = Run(boot, next, ports);
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
                return boot.Abort(BootText.Unexpected(ex));
            }
        }
    }
}
