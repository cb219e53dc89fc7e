namespace NanoDps.FleetSim.Dps;

/// <summary>
/// A token bucket on the virtual clock: starts full with <c>burst</c> tokens and refills at
/// <c>perMinute</c> tokens per minute. Counted in integers (1 token = 60,000 units, and one
/// millisecond adds <c>perMinute</c> units) so that no rounding drifts over a long run.
/// </summary>
public sealed class VirtualTokenBucket
{
    private const long UnitsPerToken = 60_000;
    private readonly long _capacity;
    private readonly long _unitsPerMillisecond;
    private long _units;
    private long _lastMs;

    /// <summary>A full bucket at time 0.</summary>
    public VirtualTokenBucket(int perMinute, int burst)
    {
        _unitsPerMillisecond = perMinute;
        _capacity = burst * UnitsPerToken;
        _units = _capacity;
    }

    /// <summary>Tokens in the bucket at <paramref name="nowMs"/> (whole ones).</summary>
    public long Tokens(long nowMs)
    {
        Refill(nowMs);
        return _units / UnitsPerToken;
    }

    /// <summary>Takes one token at <paramref name="nowMs"/> if there is one.</summary>
    public bool TryTake(long nowMs)
    {
        Refill(nowMs);
        if (_units < UnitsPerToken)
        {
            return false;
        }

        _units -= UnitsPerToken;
        return true;
    }

    private void Refill(long nowMs)
    {
        if (nowMs > _lastMs)
        {
            _units = Math.Min(_capacity, _units + ((nowMs - _lastMs) * _unitsPerMillisecond));
            _lastMs = nowMs;
        }
    }
}
