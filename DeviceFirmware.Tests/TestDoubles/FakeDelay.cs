using System.Collections;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>A delay that advances a <see cref="FakeClock"/> instead of sleeping, and records each wait.</summary>
    public sealed class FakeDelay : IDelay
    {
        private readonly FakeClock _clock;

        public FakeDelay(FakeClock clock)
        {
            _clock = clock;
            Waits = new ArrayList();
        }

        /// <summary>Every wait, in milliseconds (int), in order.</summary>
        public ArrayList Waits { get; }

        public void Sleep(int milliseconds)
        {
            Waits.Add(milliseconds);
            _clock.Advance(milliseconds);
        }
    }
}
