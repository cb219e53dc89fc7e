namespace NanoDps.Emulator;

/// <summary>
/// Decides the fault of each eligible request from a <see cref="Random"/> seeded once: the n-th
/// eligible request always gets the same decision for the same profile and seed. The profile can
/// be switched while the emulator runs (<see cref="Switch"/>); the sequence then starts over from
/// the new seed, so <see cref="FaultProfile.Preview"/> predicts the requests after the switch.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private volatile FaultProfile _profile;
    private Random _random;
    private FaultKind _burstKind;
    private int _burstLeft;
    private int _seed;

    public FaultInjector(FaultProfile profile, int seed)
    {
        _profile = profile;
        _random = new Random(seed);
        _seed = seed;
    }

    /// <summary>The profile in force and the seed its sequence started from.</summary>
    public (FaultProfile Profile, int Seed) Current
    {
        get
        {
            lock (_lock)
            {
                return (_profile, _seed);
            }
        }
    }

    public bool Active => IsActive(_profile);

    public bool AppliesToHub => _profile.ApplyToHub;

    /// <summary>Puts <paramref name="profile"/> in force from the next request on, its sequence starting from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The profile's rates are invalid.</exception>
    public void Switch(FaultProfile profile, int seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        profile.Validate();
        lock (_lock)
        {
            _random = new Random(seed);
            _burstLeft = 0;
            _seed = seed;
            _profile = profile;
        }
    }

    public FaultDecision Next()
    {
        if (!Active)
        {
            return default;
        }

        lock (_lock)
        {
            if (_burstLeft > 0)
            {
                _burstLeft--;
                return new FaultDecision(_burstKind, TimeSpan.Zero);
            }

            var p = _profile;
            if (!IsActive(p))
            {
                return default; // switched off since the check above
            }

            var draw = _random.NextDouble();
            FaultKind kind;
            if ((draw -= p.ThrottleRate) < 0)
            {
                kind = FaultKind.Throttle;
            }
            else if ((draw -= p.ServerErrorRate) < 0)
            {
                kind = draw + p.ServerErrorRate < p.ServerErrorRate / 2 ? FaultKind.InternalServerError : FaultKind.ServiceUnavailable;
            }
            else if ((draw -= p.ConnectionResetRate) < 0)
            {
                kind = FaultKind.ConnectionReset;
            }
            else if ((draw -= p.SlowRate) < 0)
            {
                var span = p.SlowDelayMax - p.SlowDelayMin;
                return new FaultDecision(FaultKind.Slow, p.SlowDelayMin + (span * _random.NextDouble()));
            }
            else if ((draw -= p.TruncatedRate) < 0)
            {
                return new FaultDecision(FaultKind.Truncated, TimeSpan.Zero);
            }
            else if ((draw -= p.MalformedRate) < 0)
            {
                return new FaultDecision(FaultKind.Malformed, TimeSpan.Zero);
            }
            else
            {
                return default;
            }

            if (p.MaxBurst > 1)
            {
                _burstKind = kind;
                _burstLeft = _random.Next(p.MaxBurst); // 0 .. MaxBurst-1 more after this one
            }

            return new FaultDecision(kind, TimeSpan.Zero);
        }
    }

    private static bool IsActive(FaultProfile p) =>
        p.ThrottleRate + p.ServerErrorRate + p.ConnectionResetRate + p.SlowRate + p.TruncatedRate + p.MalformedRate > 0;
}

/// <summary>The fault of one request; <see cref="Delay"/> only for <see cref="FaultKind.Slow"/>.</summary>
internal readonly record struct FaultDecision(FaultKind Kind, TimeSpan Delay);
