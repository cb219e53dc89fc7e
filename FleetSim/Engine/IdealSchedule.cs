namespace NanoDps.FleetSim.Engine;

/// <summary>
/// The physical limit the quota sets: a perfect scheduler that hands DPS one registration every
/// 60/quota seconds, in boot order, from the moment a device is up (no burst, no latency). For a
/// fleet booting at once the k-th device is done at k / quota, so x% of N devices at x·N / quota:
/// issue 6's "ideal" (0.99 × devices ÷ registration quota for 99%).
/// </summary>
public static class IdealSchedule
{
    /// <summary>When each device (sorted) would be done in the ideal schedule, in ms.</summary>
    public static long[] DoneTimes(long[] bootTimes, int registrationsPerMinute)
    {
        long[] boots = (long[])bootTimes.Clone();
        Array.Sort(boots);
        var done = new long[boots.Length];
        double previous = 0;
        double interval = 60_000.0 / registrationsPerMinute;
        for (int i = 0; i < boots.Length; i++)
        {
            previous = Math.Max(boots[i], previous) + interval;
            done[i] = (long)Math.Round(previous);
        }

        return done;
    }

    /// <summary>Time (ms) by which <paramref name="fraction"/> of the devices are done, given sorted done times.</summary>
    public static long TimeToFraction(long[] sortedDoneTimes, int devices, double fraction)
    {
        int index = IndexOf(devices, fraction);
        return index < sortedDoneTimes.Length ? sortedDoneTimes[index] : -1;
    }

    /// <summary>Index, in a sorted list of <paramref name="devices"/> times, of the device that completes <paramref name="fraction"/>.</summary>
    public static int IndexOf(int devices, double fraction) => Math.Max(0, (int)Math.Ceiling((fraction * devices) - 1e-9) - 1);
}
