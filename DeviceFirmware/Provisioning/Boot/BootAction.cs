namespace NanoDps.Provisioning
{
    /// <summary>The next blocking thing the boot needs, as decided by <see cref="BootSequence"/>; <see cref="BootRunner"/> does it.</summary>
    public sealed class BootAction
    {
        private BootAction(BootActionKind kind, int milliseconds, long minUnixSeconds, DpsRequest request, BootOutcome outcome)
        {
            Kind = kind;
            Milliseconds = milliseconds;
            MinUnixSeconds = minUnixSeconds;
            Request = request;
            Outcome = outcome;
        }

        /// <summary>What to do.</summary>
        public BootActionKind Kind { get; }

        /// <summary>The time limit of a join or a clock sync, or the length of a wait.</summary>
        public int Milliseconds { get; }

        /// <summary>The clock reading a clock sync waits for (Unix seconds).</summary>
        public long MinUnixSeconds { get; }

        /// <summary>The request to send (Send only).</summary>
        public DpsRequest Request { get; }

        /// <summary>How the boot ended (Done only).</summary>
        public BootOutcome Outcome { get; }

        internal static BootAction JoinNetwork(int timeoutMilliseconds)
        {
            return new BootAction(BootActionKind.JoinNetwork, timeoutMilliseconds, 0, null, null);
        }

        internal static BootAction SyncClock(long minUnixSeconds, int timeoutMilliseconds)
        {
            return new BootAction(BootActionKind.SyncClock, timeoutMilliseconds, minUnixSeconds, null, null);
        }

        internal static BootAction Send(DpsRequest request)
        {
            return new BootAction(BootActionKind.Send, 0, 0, request, null);
        }

        internal static BootAction Wait(int milliseconds)
        {
            return new BootAction(BootActionKind.Wait, milliseconds, 0, null, null);
        }

        internal static BootAction Done(BootOutcome outcome)
        {
            return new BootAction(BootActionKind.Done, 0, 0, null, outcome);
        }
    }
}
