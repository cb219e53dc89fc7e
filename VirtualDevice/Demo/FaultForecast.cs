using System.Globalization;
using NanoDps.Emulator;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Demo;

/// <summary>
/// How long a demo against a faulty embedded emulator will take, said before it starts. The emulator
/// decides the fault of its n-th DPS request from a generator seeded once (<see cref="FaultProfile.Preview"/>),
/// and the board sends one more request per fault after the firmware's back-off, so the faults the
/// board will meet are known in advance; the waits are known up to the back-off's jitter, which gives
/// the shortest and the longest run. The firmware's back-off is long on purpose (a fleet must not
/// hammer a DPS in trouble), so a long storm takes many minutes; <see cref="ShortDemoSeed"/> picks a
/// storm that shows every kind of retry in about two minutes.
/// </summary>
public sealed record FaultForecast(int RegisterFaults, int PollFaults, TimeSpan Shortest, TimeSpan Longest)
{
    /// <summary>How far ahead the forecast looks; a storm longer than this is reported as such.</summary>
    public const int Horizon = 64;

    /// <summary>The longest forecast <see cref="ShortDemoSeed"/> accepts: "about two minutes".</summary>
    public static readonly TimeSpan ShortDemo = TimeSpan.FromMinutes(2.5);

    /// <summary>Faults in all.</summary>
    public int Faults => RegisterFaults + PollFaults;

    /// <summary>
    /// The run of a board that registers against an emulator with <paramref name="options"/> (its profile,
    /// seed, Retry-After values and assignment delay) and backs off with <paramref name="backoff"/>; null
    /// when the faults go on past <see cref="Horizon"/> requests.
    /// </summary>
    public static FaultForecast? For(DpsEmulatorOptions options, Backoff backoff)
    {
        IReadOnlyList<FaultKind> faults = options.Faults.Preview(options.FaultSeed, Horizon);
        Walk? shortest = Walk.Run(faults, options, backoff, new EdgeRandom(top: false));
        Walk? longest = Walk.Run(faults, options, backoff, new EdgeRandom(top: true));
        return shortest is null || longest is null
            ? null
            : new FaultForecast(longest.RegisterFaults, longest.PollFaults, TimeSpan.FromMilliseconds(shortest.Milliseconds), TimeSpan.FromMilliseconds(longest.Milliseconds + longest.SlowMilliseconds));
    }

    /// <summary>
    /// The first seed from 1 whose <paramref name="profile"/> storm hits both the registration and the
    /// polls, with at least three faults, and still ends within <see cref="ShortDemo"/>, with its forecast;
    /// null when no seed up to 1,000 does. The other settings are those of <paramref name="options"/>.
    /// </summary>
    public static (int Seed, FaultForecast Forecast)? ShortDemoSeed(FaultProfile profile, DpsEmulatorOptions options, Backoff backoff)
    {
        for (int seed = 1; seed <= 1000; seed++)
        {
            var trial = new DpsEmulatorOptions
            {
                Faults = profile,
                FaultSeed = seed,
                AssignmentDelay = options.AssignmentDelay,
                RetryAfterSeconds = options.RetryAfterSeconds,
                ThrottleRetryAfterSeconds = options.ThrottleRetryAfterSeconds,
            };
            if (For(trial, backoff) is { RegisterFaults: > 0, PollFaults: > 0, Faults: >= 3 } forecast && forecast.Longest <= ShortDemo)
            {
                return (seed, forecast);
            }
        }

        return null;
    }

    /// <summary>"3 faults (2 on the registration, 1 on a poll): about 1 min 15 s to 1 min 40 s".</summary>
    public string Describe() =>
        $"{Faults} fault{(Faults == 1 ? string.Empty : "s")} ({RegisterFaults} on the registration, {PollFaults} on the polls), "
        + $"so {Span(Shortest, Longest)} of the firmware's back-off before the assignment";

    /// <summary>"1 min 15 s to 1 min 40 s", or one value when both round alike.</summary>
    public static string Span(TimeSpan shortest, TimeSpan longest)
    {
        string low = Duration(shortest);
        string high = Duration(longest);
        return low == high ? "about " + low : low + " to " + high;
    }

    /// <summary>"1 min 5 s", "45 s".</summary>
    public static string Duration(TimeSpan time)
    {
        int seconds = (int)Math.Round(time.TotalSeconds);
        return seconds < 60
            ? seconds.ToString(CultureInfo.InvariantCulture) + " s"
            : $"{seconds / 60} min {seconds % 60} s";
    }

    /// <summary>One walk through the faults, every back-off drawn at one edge of its jitter.</summary>
    private sealed record Walk(int RegisterFaults, int PollFaults, long Milliseconds, long SlowMilliseconds)
    {
        public static Walk? Run(IReadOnlyList<FaultKind> faults, DpsEmulatorOptions options, Backoff backoff, IRandom random)
        {
            bool registered = false;
            int registerFaults = 0, pollFaults = 0, failures = 0;
            long now = 0, acceptedAt = 0, slow = 0;
            foreach (FaultKind fault in faults)
            {
                if (fault is FaultKind.None or FaultKind.Slow)
                {
                    slow += fault == FaultKind.Slow ? (long)options.Faults.SlowDelayMax.TotalMilliseconds : 0;
                    if (registered && now - acceptedAt >= options.AssignmentDelay.TotalMilliseconds)
                    {
                        return new Walk(registerFaults, pollFaults, now, slow);
                    }

                    acceptedAt = registered ? acceptedAt : now;
                    registered = true;
                    failures = 0;
                    now += backoff.PollDelayMilliseconds(options.RetryAfterSeconds);
                    continue;
                }

                if (registered)
                {
                    pollFaults++;
                }
                else
                {
                    registerFaults++;
                }

                failures++;
                now += backoff.RetryDelayMilliseconds(failures, fault == FaultKind.Throttle ? options.ThrottleRetryAfterSeconds : HttpExchangeResult.NoRetryAfter, random);
            }

            return null;
        }
    }

    /// <summary>Always the smallest or always the largest value: the two edges of the jitter.</summary>
    private sealed class EdgeRandom(bool top) : IRandom
    {
        public int Next(int maxExclusive) => top ? Math.Max(0, maxExclusive - 1) : 0;
    }
}
