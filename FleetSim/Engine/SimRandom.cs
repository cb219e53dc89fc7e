using NanoDps.Provisioning;

namespace NanoDps.FleetSim.Engine;

/// <summary>
/// A small, fast, seedable random source (SplitMix64) that gives the same sequence on every
/// platform and .NET version, so a run is reproducible from its seed.
/// </summary>
public sealed class SimRandom : IRandom
{
    private ulong _state;

    /// <summary>A source seeded from a run seed and a stream number (e.g. the device index).</summary>
    public SimRandom(long seed, long stream = 0)
    {
        _state = Mix((ulong)seed ^ Mix((ulong)stream + 0x9E3779B97F4A7C15UL));
    }

    /// <inheritdoc />
    public int Next(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        }

        return (int)(NextUInt64() % (ulong)maxExclusive);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
