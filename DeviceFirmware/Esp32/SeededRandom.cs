using System;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary>
    /// <see cref="IRandom"/> for back-off jitter. Boards that power up together after an outage
    /// run the same code in the same milliseconds, so the seed mixes the runtime's own seed, the
    /// uptime and the clock with the station MAC, the one input that differs between them.
    /// </summary>
    public sealed class SeededRandom : IRandom
    {
        private int _seed;
        private Random _random;

        /// <summary>Seeds from the runtime, the uptime and the clock; call <see cref="Mix"/> with the MAC next.</summary>
        public SeededRandom()
        {
            _seed = new Random().Next() ^ (int)Environment.TickCount64 ^ (int)(DateTime.UtcNow.Ticks & 0x7FFFFFFF);
            _random = new Random(_seed);
        }

        /// <summary>Mixes <paramref name="bytes"/> (the station MAC) into the seed.</summary>
        public void Mix(byte[] bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                _seed = (_seed * 31) + bytes[i];
            }

            _random = new Random(_seed);
        }

        /// <inheritdoc/>
        public int Next(int maxExclusive)
        {
            return _random.Next(maxExclusive);
        }
    }
}
