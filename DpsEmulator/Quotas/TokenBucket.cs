namespace NanoDps.Emulator;

/// <summary>A token bucket: starts full with <c>burst</c> tokens, refills at <c>perMinute</c>/60 per second.</summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _capacity;
    private readonly double _perSecond;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _last;

    public TokenBucket(int perMinute, int burst, TimeProvider time)
    {
        _time = time;
        _capacity = burst;
        _perSecond = perMinute / 60.0;
        _tokens = burst;
        _last = time.GetTimestamp();
    }

    /// <summary>The bucket size.</summary>
    public double Capacity => _capacity;

    /// <summary>Tokens in the bucket now (refill included), without taking one.</summary>
    public double Available
    {
        get
        {
            lock (_lock)
            {
                return Math.Min(_capacity, _tokens + (_time.GetElapsedTime(_last).TotalSeconds * _perSecond));
            }
        }
    }

    public bool TryTake()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
            _last = now;
            _tokens = Math.Min(_capacity, _tokens + (elapsed * _perSecond));
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return true;
            }

            return false;
        }
    }
}
