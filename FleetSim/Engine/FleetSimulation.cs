using System.Diagnostics;
using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Dps;

namespace NanoDps.FleetSim.Engine;

/// <summary>
/// Runs one policy in one scenario: every device boots at its time, its requests reach the DPS
/// model half a round trip after it sends them and the answers come back half a round trip later,
/// its waits are events on the virtual clock. The run ends when no device has anything left to
/// do or at the scenario's horizon.
/// </summary>
public static class FleetSimulation
{
    private enum EventKind : byte
    {
        Boot,
        Wake,
        Arrive,
        Answer,
    }

    /// <summary>Runs <paramref name="policy"/> in <paramref name="scenario"/>.</summary>
    public static PolicyResult Run(Scenario scenario, Policy policy)
    {
        var watch = Stopwatch.StartNew();
        int n = scenario.Devices;
        var queue = new EventQueue<SimEvent>();
        var clock = new SimClock(() => queue.Now);
        var dps = new DpsModel(scenario.Dps, n);
        var devices = new ISimDevice[n];
        for (int i = 0; i < n; i++)
        {
            devices[i] = policy.CreateDevice(i, scenario.Seed, clock);
        }

        long[] boots = scenario.Boot.BootTimes(n, scenario.Seed);
        for (int i = 0; i < n; i++)
        {
            queue.Schedule(boots[i], new SimEvent(EventKind.Boot, i, default, default, false));
        }

        int toDps = scenario.RoundTripMilliseconds / 2;
        int toDevice = scenario.RoundTripMilliseconds - toDps;
        var provisionedAt = new long[n];
        Array.Fill(provisionedAt, -1);
        var requests = new int[n];
        var lastSend = new long[n];
        var lastPoll = new long[n];
        Array.Fill(lastSend, -1);
        Array.Fill(lastPoll, -1);
        var inFlight = new bool[n];
        var perSecond = new List<int>();
        var laterPerSecond = new List<int>();
        long registrations = 0, polls = 0;
        long minGap = long.MaxValue, minPollGap = long.MaxValue;
        int gaveUp = 0, violations = 0;

        while (queue.TryNext(out SimEvent e))
        {
            long now = queue.Now;
            if (now > scenario.HorizonMilliseconds)
            {
                break;
            }

            int d = e.Device;
            DeviceStep step;
            switch (e.Kind)
            {
                case EventKind.Boot:
                    step = devices[d].Boot();
                    break;
                case EventKind.Wake:
                    step = devices[d].Wake();
                    break;
                case EventKind.Arrive:
                    int second = (int)(now / 1000);
                    while (perSecond.Count <= second)
                    {
                        perSecond.Add(0);
                    }

                    perSecond[second]++;
                    if (!e.First)
                    {
                        while (laterPerSecond.Count <= second)
                        {
                            laterPerSecond.Add(0);
                        }

                        laterPerSecond[second]++;
                    }

                    queue.After(toDevice, new SimEvent(EventKind.Answer, d, default, dps.Handle(d, e.Request, now), false));
                    continue;
                default:
                    inFlight[d] = false;
                    step = devices[d].Answer(e.Answer);
                    break;
            }

            switch (step.Kind)
            {
                case DeviceStepKind.Send:
                    if (inFlight[d])
                    {
                        violations++;
                    }

                    inFlight[d] = true;
                    requests[d]++;
                    if (lastSend[d] >= 0)
                    {
                        minGap = Math.Min(minGap, now - lastSend[d]);
                    }

                    lastSend[d] = now;
                    if (step.Request.Kind == SimRequestKind.Register)
                    {
                        registrations++;
                    }
                    else
                    {
                        polls++;
                        if (lastPoll[d] >= 0)
                        {
                            minPollGap = Math.Min(minPollGap, now - lastPoll[d]);
                        }

                        lastPoll[d] = now;
                    }

                    queue.After(toDps, new SimEvent(EventKind.Arrive, d, step.Request, default, requests[d] == 1));
                    break;
                case DeviceStepKind.Wait:
                    queue.After(Math.Max(0, step.WaitMilliseconds), new SimEvent(EventKind.Wake, d, default, default, false));
                    break;
                case DeviceStepKind.Provisioned:
                    provisionedAt[d] = now;
                    break;
                default:
                    gaveUp++;
                    break;
            }
        }

        long[] provisioned = provisionedAt.Where(t => t >= 0).ToArray();
        Array.Sort(provisioned);
        return new PolicyResult
        {
            Policy = policy.Name,
            Devices = n,
            ProvisionedTimes = provisioned,
            RequestsPerDevice = requests,
            TotalRequests = registrations + polls,
            Registrations = registrations,
            Polls = polls,
            Throttled = dps.Throttled,
            ThrottledByPollLimit = dps.ThrottledByPollLimit,
            PeakRequestsPerSecond = perSecond.Count == 0 ? 0 : perSecond.Max(),
            RequestsPerSecond = perSecond.ToArray(),
            PeakLaterRequestsPerSecond = laterPerSecond.Count == 0 ? 0 : laterPerSecond.Max(),
            GaveUp = gaveUp,
            Restarts = devices.Sum(x => x.Restarts),
            MinRequestGapMilliseconds = minGap == long.MaxValue ? -1 : minGap,
            MinPollGapMilliseconds = minPollGap == long.MaxValue ? -1 : minPollGap,
            InFlightViolations = violations,
            EndMilliseconds = queue.Now,
            Events = queue.Processed,
            Elapsed = watch.Elapsed,
        };
    }

    private readonly record struct SimEvent(EventKind Kind, int Device, SimRequest Request, SimAnswer Answer, bool First);
}
