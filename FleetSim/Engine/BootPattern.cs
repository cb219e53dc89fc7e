namespace NanoDps.FleetSim.Engine;

/// <summary>How the fleet powers on.</summary>
public enum BootKind
{
    /// <summary>Every device at time 0 (power returns to a building).</summary>
    AllAtOnce,

    /// <summary>Each device at a uniformly random time in [0, window).</summary>
    Spread,

    /// <summary>Equal waves, all devices of a wave at once, waves <c>gap</c> apart.</summary>
    Waves,
}

/// <summary>A boot pattern and the boot time of every device it gives.</summary>
public sealed record BootPattern(BootKind Kind, int WindowMilliseconds = 0, int WaveCount = 1, int WaveGapMilliseconds = 0)
{
    /// <summary>Everyone at t = 0.</summary>
    public static BootPattern AllAtOnce { get; } = new(BootKind.AllAtOnce);

    /// <summary>Uniformly over <paramref name="windowMilliseconds"/>.</summary>
    public static BootPattern Spread(int windowMilliseconds) => new(BootKind.Spread, WindowMilliseconds: windowMilliseconds);

    /// <summary><paramref name="count"/> waves <paramref name="gapMilliseconds"/> apart.</summary>
    public static BootPattern Waves(int count, int gapMilliseconds) => new(BootKind.Waves, WaveCount: count, WaveGapMilliseconds: gapMilliseconds);

    /// <summary>Boot time (ms) of each of <paramref name="devices"/> devices, reproducible from <paramref name="seed"/>.</summary>
    public long[] BootTimes(int devices, long seed)
    {
        var times = new long[devices];
        var random = new SimRandom(seed, -1);
        for (int i = 0; i < devices; i++)
        {
            times[i] = Kind switch
            {
                BootKind.Spread => random.Next(Math.Max(1, WindowMilliseconds)),
                BootKind.Waves => (long)((long)i * WaveCount / devices) * WaveGapMilliseconds,
                _ => 0,
            };
        }

        return times;
    }

    /// <summary>A short description for reports.</summary>
    public string Describe() => Kind switch
    {
        BootKind.Spread => $"booting uniformly over {WindowMilliseconds / 1000} s",
        BootKind.Waves => $"{WaveCount} waves of equal size, {WaveGapMilliseconds / 1000} s apart",
        _ => "all booting at t = 0",
    };
}
