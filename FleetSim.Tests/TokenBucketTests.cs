using NanoDps.FleetSim.Dps;
using Xunit;

namespace NanoDps.FleetSim.Tests;

public class TokenBucketTests
{
    [Fact]
    public void A_full_bucket_gives_its_burst_at_once_then_refuses()
    {
        var bucket = new VirtualTokenBucket(perMinute: 1000, burst: 100);
        for (int i = 0; i < 100; i++)
        {
            Assert.True(bucket.TryTake(0), $"token {i + 1} of the burst");
        }

        Assert.False(bucket.TryTake(0));
    }

    [Fact]
    public void After_the_burst_tokens_come_at_the_rate()
    {
        var bucket = new VirtualTokenBucket(perMinute: 1000, burst: 100);
        while (bucket.TryTake(0))
        {
        }

        // 1,000 per minute is one token every 60 ms.
        Assert.False(bucket.TryTake(59));
        Assert.True(bucket.TryTake(60));
        Assert.False(bucket.TryTake(60));
        Assert.False(bucket.TryTake(119));
        Assert.True(bucket.TryTake(120));
    }

    [Fact]
    public void Over_a_minute_of_constant_demand_it_admits_burst_plus_rate()
    {
        var bucket = new VirtualTokenBucket(perMinute: 1000, burst: 100);
        int admitted = 0;
        for (long t = 0; t < 60_000; t += 5)
        {
            while (bucket.TryTake(t))
            {
                admitted++;
            }
        }

        // 100 at once, then one every 60 ms for 59,995 ms: 999 more.
        Assert.Equal(1099, admitted);
    }

    [Fact]
    public void Idle_time_never_fills_it_beyond_the_burst()
    {
        var bucket = new VirtualTokenBucket(perMinute: 1000, burst: 100);
        Assert.True(bucket.TryTake(0));
        Assert.Equal(100, bucket.Tokens(3_600_000));
        int taken = 0;
        while (bucket.TryTake(3_600_000))
        {
            taken++;
        }

        Assert.Equal(100, taken);
    }
}
