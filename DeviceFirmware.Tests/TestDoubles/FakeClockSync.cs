using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>SNTP that sets the <see cref="FakeClock"/> to <see cref="SetTo"/>, or never answers (the clock only moves by the timeout).</summary>
    public sealed class FakeClockSync : IClockSync
    {
        private readonly FakeClock _clock;

        public FakeClockSync(FakeClock clock)
        {
            _clock = clock;
            Answers = true;
            SetTo = FakeClock.DefaultStart;
        }

        /// <summary>False: the time never arrives.</summary>
        public bool Answers { get; set; }

        /// <summary>What the clock reads once set (Unix ms).</summary>
        public long SetTo { get; set; }

        public int Calls { get; private set; }

        public ClockSyncResult WaitUntilAfter(long minUnixSeconds, int timeoutMilliseconds)
        {
            Calls++;
            if (!Answers)
            {
                _clock.Advance(timeoutMilliseconds);
                return ClockSyncResult.TimedOut;
            }

            _clock.UtcNowMilliseconds = SetTo;
            return ClockSyncResult.Set;
        }
    }
}
