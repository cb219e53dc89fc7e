using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>A clock that moves only when told; <see cref="FakeDelay"/> moves it on Sleep.</summary>
    public sealed class FakeClock : IClock
    {
        /// <summary>2027-01-15T08:00:00Z: after the core's default clock floor.</summary>
        public const long DefaultStart = 1800000000000;

        public FakeClock(long startMilliseconds)
        {
            UtcNowMilliseconds = startMilliseconds;
        }

        public long UtcNowMilliseconds { get; set; }

        public void Advance(long milliseconds)
        {
            UtcNowMilliseconds += milliseconds;
        }
    }
}
