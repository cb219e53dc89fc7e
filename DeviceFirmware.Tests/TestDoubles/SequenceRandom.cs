using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// A random source that answers a fixed fraction of the range: 0 gives the smallest value,
    /// 1000 the largest (maxExclusive - 1). Lets tests pin both ends of a jitter range.
    /// </summary>
    public sealed class SequenceRandom : IRandom
    {
        private readonly int _perMille;

        public SequenceRandom(int perMille)
        {
            _perMille = perMille;
        }

        public int Next(int maxExclusive)
        {
            return (int)((long)(maxExclusive - 1) * _perMille / 1000);
        }
    }
}
