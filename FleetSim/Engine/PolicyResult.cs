namespace NanoDps.FleetSim.Engine;

/// <summary>What one policy did in one scenario.</summary>
public sealed class PolicyResult
{
    /// <summary>The policy's name.</summary>
    public required string Policy { get; init; }

    /// <summary>Fleet size.</summary>
    public required int Devices { get; init; }

    /// <summary>Provisioning times (ms since t = 0) of the devices that were provisioned, sorted.</summary>
    public required long[] ProvisionedTimes { get; init; }

    /// <summary>Requests each device sent.</summary>
    public required int[] RequestsPerDevice { get; init; }

    /// <summary>Requests DPS answered.</summary>
    public required long TotalRequests { get; init; }

    /// <summary>Registrations (PUT) sent.</summary>
    public required long Registrations { get; init; }

    /// <summary>Polls (GET) sent.</summary>
    public required long Polls { get; init; }

    /// <summary>Requests answered 429.</summary>
    public required long Throttled { get; init; }

    /// <summary>Polls answered 429 because the device exceeded 5 polls per 10 s.</summary>
    public required long ThrottledByPollLimit { get; init; }

    /// <summary>Most requests arriving at DPS within one second.</summary>
    public required int PeakRequestsPerSecond { get; init; }

    /// <summary>Most requests arriving at DPS within one second, not counting each device's first request (retries and polls: the storms a policy makes).</summary>
    public required int PeakLaterRequestsPerSecond { get; init; }

    /// <summary>Requests arriving at DPS in each second of the run.</summary>
    public required int[] RequestsPerSecond { get; init; }

    /// <summary>Devices that gave up.</summary>
    public required int GaveUp { get; init; }

    /// <summary>Flows restarted by the firmware after the core's deadline.</summary>
    public required int Restarts { get; init; }

    /// <summary>Shortest time between two consecutive requests of one device (ms), over the fleet.</summary>
    public required long MinRequestGapMilliseconds { get; init; }

    /// <summary>Shortest time between two consecutive polls of one device (ms), over the fleet.</summary>
    public required long MinPollGapMilliseconds { get; init; }

    /// <summary>Times a device sent while a request of its own was still in flight (must be 0).</summary>
    public required int InFlightViolations { get; init; }

    /// <summary>Virtual time at which the run ended (ms).</summary>
    public required long EndMilliseconds { get; init; }

    /// <summary>Events processed.</summary>
    public required long Events { get; init; }

    /// <summary>Real time the run took.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Devices provisioned.</summary>
    public int Provisioned => ProvisionedTimes.Length;

    /// <summary>Devices never provisioned (gave up, or still trying at the horizon).</summary>
    public int NeverProvisioned => Devices - Provisioned;

    /// <summary>Mean requests per device.</summary>
    public double MeanRequests => (double)TotalRequests / Devices;

    /// <summary>Most requests one device sent.</summary>
    public int WorstRequests => RequestsPerDevice.Length == 0 ? 0 : RequestsPerDevice.Max();

    /// <summary>Requests per device at the <paramref name="fraction"/> quantile.</summary>
    public int RequestsQuantile(double fraction)
    {
        int[] sorted = (int[])RequestsPerDevice.Clone();
        Array.Sort(sorted);
        return sorted[IdealSchedule.IndexOf(sorted.Length, fraction)];
    }

    /// <summary>Time (ms) until <paramref name="fraction"/> of the fleet was provisioned, or null if it never was.</summary>
    public long? TimeToFraction(double fraction)
    {
        long t = IdealSchedule.TimeToFraction(ProvisionedTimes, Devices, fraction);
        return t < 0 ? null : t;
    }
}
