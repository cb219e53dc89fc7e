using System.Security.Cryptography;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="IRandom"/> for back-off jitter. Seeded from the OS's random source, so virtual devices
/// started together do not back off in lock-step (the board mixes its MAC into the seed for the same reason).
/// </summary>
public sealed class HostRandom : IRandom
{
    private readonly Random _random;

    /// <summary>A random source with a fresh seed, or <paramref name="seed"/> to replay a run.</summary>
    public HostRandom(int? seed = null)
    {
        _random = new Random(seed ?? RandomNumberGenerator.GetInt32(int.MaxValue));
    }

    /// <inheritdoc/>
    public int Next(int maxExclusive) => _random.Next(maxExclusive);
}
