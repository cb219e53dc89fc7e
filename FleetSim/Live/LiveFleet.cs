using System.Diagnostics;
using NanoDps.Emulator;
using NanoDps.FleetSim.Devices;
using NanoDps.FleetSim.Dps;
using NanoDps.FleetSim.Engine;
using NanoDps.Provisioning;
using RequestKind = NanoDps.Provisioning.RequestKind;

namespace NanoDps.FleetSim.Live;

/// <summary>
/// A fleet of real boards-on-a-PC against the real emulator: each board is a thread that runs the
/// real <see cref="ProvisioningFlow"/> with <see cref="ProvisioningRunner"/> (one request in flight,
/// real sleeps, the wall clock) over real HTTPS to a <see cref="DpsEmulatorServer"/> started in
/// this process with the same DPS parameters as the simulation's model. All boards boot at once.
/// </summary>
public static class LiveFleet
{
    /// <summary>The hub the emulator assigns (it only needs a name).</summary>
    public const string Hub = "hub-1.dps-emulator.local";

    /// <summary>
    /// Starts the emulator, boots every board at once, waits until each flow ended and returns what
    /// happened, in the simulation's measures.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter the emulator cannot play (a 202 without Retry-After).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired.</exception>
    public static async Task<LiveFleetRun> RunAsync(LiveFleetOptions options, CancellationToken cancellation = default)
    {
        options.Dps.Validate();
        if (options.Dps.AssigningRetryAfterSeconds < 0)
        {
            throw new ArgumentException("the emulator always sends Retry-After with a 202: give an assigning Retry-After of 0 or more");
        }

        string folder = options.DataFolder ?? Path.Combine(Path.GetTempPath(), $"fleet-sim-emulator-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            await using DpsEmulatorServer server = await DpsEmulatorServer.StartAsync(EmulatorOptions(options, folder), cancellation).ConfigureAwait(false);
            await server.Enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup
            {
                EnrollmentGroupId = "fleet",
                PrimaryKey = Convert.ToBase64String(options.Ours.GroupKey),
                IotHubs = [Hub],
            }).ConfigureAwait(false);
            return await Task.Run(() => RunBoards(server, options, cancellation), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            if (options.DataFolder is null)
            {
                TryDelete(folder);
            }
        }
    }

    /// <summary>The emulator's settings for <paramref name="options"/>: the model's quotas, Retry-After values and assignment delay; no faults.</summary>
    public static DpsEmulatorOptions EmulatorOptions(LiveFleetOptions options, string dataFolder)
    {
        DpsModelOptions dps = options.Dps;
        return new DpsEmulatorOptions
        {
            DataFolder = dataFolder,
            Port = 0,
            CreateDemoEnrollment = false,
            AssignmentDelay = TimeSpan.FromMilliseconds(dps.AssignmentLatencyMilliseconds),
            RetryAfterSeconds = dps.AssigningRetryAfterSeconds,
            ThrottleRetryAfterSeconds = dps.ThrottleRetryAfterSeconds,
            Quotas = new QuotaOptions
            {
                RegistrationsPerMinute = dps.RegistrationsPerMinute,
                RegistrationBurst = dps.RegistrationBurst,
                OperationsPerMinute = dps.OperationsPerMinute,
                OperationBurst = dps.OperationBurst,
                PollsPerDevice = dps.PollsPerDevice,
                PollWindow = TimeSpan.FromMilliseconds(dps.PollWindowMilliseconds),
            },
            RequestLogCapacity = Math.Max(1000, options.Devices * 50),
        };
    }

    private static LiveFleetRun RunBoards(DpsEmulatorServer server, LiveFleetOptions options, CancellationToken cancellation)
    {
        int n = options.Devices;
        var fleetClock = new Stopwatch();
        string endpoint = $"localhost:{server.Port}";
        WarmUp(server, options, endpoint, cancellation);
        var boot = new ManualResetEventSlim();
        var exchanges = new LiveHttpExchange[n];
        var outcomes = new ProvisioningOutcome?[n];
        var doneAt = new long[n];
        var failures = new string?[n];
        var threads = new Thread[n];
        for (int i = 0; i < n; i++)
        {
            int index = i;
            ProvisioningSettings settings = CoreDevice.Settings(index, options.Ours, endpoint, server.IdScope);
            exchanges[index] = new LiveHttpExchange(server, fleetClock, options.RequestTimeout, cancellation);
            var flow = new ProvisioningFlow(settings, options.Ours.Hmac, WallClock.Instance, new SimRandom(options.Seed, index), NullLog.Instance);
            threads[index] = new Thread(
                () =>
                {
                    try
                    {
                        boot.Wait(cancellation);
                        outcomes[index] = ProvisioningRunner.Run(flow, exchanges[index], new CancellableSleep(cancellation));
                    }
                    catch (OperationCanceledException)
                    {
                        failures[index] = "stopped";
                    }
                    catch (Exception e)
                    {
                        failures[index] = e.GetType().Name + ": " + e.Message;
                    }

                    doneAt[index] = fleetClock.ElapsedMilliseconds;
                },
                maxStackSize: 256 * 1024)
            { IsBackground = true, Name = $"board {index}" };
            threads[index].Start();
        }

        var wall = Stopwatch.StartNew();
        fleetClock.Start();
        boot.Set();
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        foreach (LiveHttpExchange exchange in exchanges)
        {
            exchange.Dispose();
        }

        cancellation.ThrowIfCancellationRequested();
        return Measure(options, exchanges.Select(e => (IReadOnlyList<LiveRequest>)e.Log).ToArray(), outcomes, doneAt, failures, wall.Elapsed);
    }

    /// <summary>
    /// One flow of a board outside the fleet before the fleet boots, so that the first requests of
    /// the fleet do not wait for the server's and the client's code to be compiled (the model has no
    /// such start-up); then a wait until the quota buckets are full again, as the model starts them.
    /// </summary>
    private static void WarmUp(DpsEmulatorServer server, LiveFleetOptions options, string endpoint, CancellationToken cancellation)
    {
        int index = options.Devices + 1_000_000;
        using var exchange = new LiveHttpExchange(server, Stopwatch.StartNew(), options.RequestTimeout, cancellation);
        var flow = new ProvisioningFlow(CoreDevice.Settings(index, options.Ours, endpoint, server.IdScope), options.Ours.Hmac, WallClock.Instance, new SimRandom(options.Seed, index), NullLog.Instance);
        ProvisioningOutcome outcome = ProvisioningRunner.Run(flow, exchange, new CancellableSleep(cancellation));
        if (!outcome.IsAssigned)
        {
            throw new InvalidOperationException($"the warm-up board was not provisioned by the emulator ({outcome.Kind}: {outcome.Hint})");
        }

        DpsModelOptions dps = options.Dps;
        double refillMinutes = Math.Max((double)dps.RegistrationBurst / dps.RegistrationsPerMinute, (double)dps.OperationBurst / dps.OperationsPerMinute);
        new CancellableSleep(cancellation).Sleep((int)Math.Ceiling(refillMinutes * 60_000) + 500);
    }

    /// <summary>The run in the simulation's measures (<see cref="PolicyResult"/>) plus what only a real run has.</summary>
    internal static LiveFleetRun Measure(LiveFleetOptions options, IReadOnlyList<LiveRequest>[] logs, ProvisioningOutcome?[] outcomes, long[] doneAt, string?[] failures, TimeSpan elapsed)
    {
        int n = logs.Length;
        var provisioned = Enumerable.Range(0, n).Where(i => outcomes[i]?.IsAssigned == true).Select(i => doneAt[i]).Order().ToArray();
        var all = logs.SelectMany(l => l).ToList();
        int seconds = all.Count == 0 ? 0 : (int)(all.Max(r => r.SentMilliseconds) / 1000) + 1;
        var perSecond = new int[seconds];
        var laterPerSecond = new int[seconds];
        long minGap = long.MaxValue, minPollGap = long.MaxValue;
        int overlaps = 0;
        foreach (IReadOnlyList<LiveRequest> log in logs)
        {
            long lastPoll = -1;
            for (int k = 0; k < log.Count; k++)
            {
                int second = (int)(log[k].SentMilliseconds / 1000);
                perSecond[second]++;
                if (log[k].Kind == RequestKind.PollOperation)
                {
                    minPollGap = lastPoll < 0 ? minPollGap : Math.Min(minPollGap, log[k].SentMilliseconds - lastPoll);
                    lastPoll = log[k].SentMilliseconds;
                }

                if (k > 0)
                {
                    laterPerSecond[second]++;
                    minGap = Math.Min(minGap, log[k].SentMilliseconds - log[k - 1].SentMilliseconds);
                    overlaps += log[k].SentMilliseconds < log[k - 1].AnsweredMilliseconds ? 1 : 0;
                }
            }
        }

        var notProvisioned = Enumerable.Range(0, n)
            .Where(i => outcomes[i]?.IsAssigned != true)
            .Select(i => $"board {i}: " + (failures[i] ?? $"{outcomes[i]!.Kind} ({outcomes[i]!.Hint})"))
            .ToList();
        var result = new PolicyResult
        {
            Policy = "ours, real emulator",
            Devices = n,
            ProvisionedTimes = provisioned,
            RequestsPerDevice = logs.Select(l => l.Count).ToArray(),
            TotalRequests = all.Count,
            Registrations = all.Count(r => r.Kind == RequestKind.Register),
            Polls = all.Count(r => r.Kind == RequestKind.PollOperation),
            Throttled = all.Count(r => r.Status == 429),
            ThrottledByPollLimit = all.Count(r => r.Status == 429 && r.ErrorCode == 429003),
            PeakRequestsPerSecond = perSecond.DefaultIfEmpty().Max(),
            RequestsPerSecond = perSecond,
            PeakLaterRequestsPerSecond = laterPerSecond.DefaultIfEmpty().Max(),
            GaveUp = notProvisioned.Count,
            Restarts = 0,
            MinRequestGapMilliseconds = minGap == long.MaxValue ? -1 : minGap,
            MinPollGapMilliseconds = minPollGap == long.MaxValue ? -1 : minPollGap,
            InFlightViolations = overlaps,
            EndMilliseconds = doneAt.DefaultIfEmpty().Max(),
            Events = all.Count,
            Elapsed = elapsed,
        };
        long[] roundTrips = all.Where(r => r.Status != 0).Select(r => r.AnsweredMilliseconds - r.SentMilliseconds).Order().ToArray();
        return new LiveFleetRun(result, roundTrips.Length == 0 ? 0 : roundTrips[roundTrips.Length / 2], roundTrips.Length == 0 ? 0 : roundTrips[(roundTrips.Length * 99) / 100], notProvisioned);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The PC's clock, as the board's SNTP-set clock.</summary>
    private sealed class WallClock : IClock
    {
        public static readonly WallClock Instance = new();

        public long UtcNowMilliseconds => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    /// <summary>A real sleep that Ctrl+C ends.</summary>
    private sealed class CancellableSleep(CancellationToken cancellation) : IDelay
    {
        public void Sleep(int milliseconds)
        {
            if (cancellation.WaitHandle.WaitOne(milliseconds))
            {
                throw new OperationCanceledException(cancellation);
            }
        }
    }
}

/// <summary>What a live fleet runs: its size, DPS, "ours" and the seed of the boards' jitter.</summary>
public sealed record LiveFleetOptions
{
    /// <summary>Boards, all booting at once.</summary>
    public required int Devices { get; init; }

    /// <summary>The DPS parameters, played by the emulator.</summary>
    public DpsModelOptions Dps { get; init; } = new();

    /// <summary>The back-off, deadline and group key of every board.</summary>
    public CoreDeviceOptions Ours { get; init; } = new();

    /// <summary>Seed of the boards' random sources: board i draws as simulated device i of the same seed.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Timeout of one request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The emulator's data folder; null: a new temporary one, deleted afterwards.</summary>
    public string? DataFolder { get; init; }
}

/// <summary>A live fleet's result, its median and 99th-percentile request round trip (ms), and a line for each board not provisioned.</summary>
public sealed record LiveFleetRun(PolicyResult Result, long MedianRoundTripMilliseconds, long P99RoundTripMilliseconds, IReadOnlyList<string> NotProvisioned);
