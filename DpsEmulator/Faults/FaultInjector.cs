namespace NanoDps.Emulator;

/// <summary>
/// Decides the fault of each eligible request from a <see cref="Random"/> seeded once: the n-th
/// eligible request always gets the same decision for the same profile and seed.
/// </summary>
internal sealed class FaultInjector
{
    private readonly FaultProfile _profile;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private FaultKind _burstKind;
    private int _burstLeft;

    public FaultInjector(FaultProfile profile, int seed)
    {
        _profile = profile;
        _random = new Random(seed);
    }

    public bool Active => _profile.ThrottleRate + _profile.ServerErrorRate + _profile.ConnectionResetRate
        + _profile.SlowRate + _profile.TruncatedRate + _profile.MalformedRate > 0;

    public bool AppliesToHub => _profile.ApplyToHub;

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

            var draw = _random.NextDouble();
            var p = _profile;
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
}

/// <summary>The fault of one request; <see cref="Delay"/> only for <see cref="FaultKind.Slow"/>.</summary>
internal readonly record struct FaultDecision(FaultKind Kind, TimeSpan Delay);
