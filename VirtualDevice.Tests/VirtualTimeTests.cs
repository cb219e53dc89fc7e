using NanoDps.Emulator;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Cli;
using NanoDps.VirtualDevice.Tests.Support;
using Xunit.Abstractions;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// The firmware's own back-off policy (the core's default <see cref="Backoff"/>, docs/explanation/backoff.md) under a
/// 429 storm, with DPS's own timings (Retry-After 3 s, assignment after 2 s). Real waits would take
/// minutes, so the device's clock and delay and the emulator's clock share one virtual clock: each
/// wait the device asks for advances it. The HTTPS requests are still real.
/// </summary>
public sealed class VirtualTimeTests : IDisposable
{
    private readonly DeviceHarness _device = new();
    private readonly ITestOutputHelper _output;

    public VirtualTimeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task The_firmware_back_off_rides_out_a_429_storm_with_one_request_per_fault()
    {
        (int seed, FaultPreview.Plan plan) = FaultPreview.FirstSeed(
            FaultProfile.ThrottleStorm, p => p.RegisterFaults.Count(f => f == "throttle") >= 2 && p.PollFaults.Count(f => f == "throttle") >= 3 && p.Total <= 12);
        var clock = new VirtualClock();
        await using var dps = await TestEmulator.StartAsync(o =>
        {
            o.TimeProvider = clock.Time;
            o.AssignmentDelay = TimeSpan.FromSeconds(2);
            o.RetryAfterSeconds = 3;
            o.ThrottleRetryAfterSeconds = 3;
            o.Faults = FaultProfile.ThrottleStorm;
            o.FaultSeed = seed;
        });
        RunOptions options = _device.Options(dps, _device.Config(dps));

        RunResult run = await _device.RunAsync(options, new RunHooks { Clock = clock, Delay = clock });

        IReadOnlyList<RequestLogEntry> log = dps.DpsRequests();
        string trace = $"seed {seed}, planned {plan}\n" + string.Join("\n", log.Select(e => $"+{(e.StartUtc - log[0].StartUtc).TotalSeconds,7:0.0} s {e.Kind} {e.Status} {e.Fault}"));
        _output.WriteLine(trace);
        Assert.True(run.ExitCode == 0, trace + "\n" + run);
        Assert.Equal(plan.Total, log.Count);

        // After the n-th failure in a row the firmware waits at least a quarter of its window: 6, 12, 24, 32.5 s...
        var backoff = new Backoff();
        int failures = 0;
        for (int i = 1; i < log.Count; i++)
        {
            TimeSpan gap = log[i].StartUtc - log[i - 1].StartUtc;
            failures = log[i - 1].Status == 429 ? failures + 1 : 0;
            TimeSpan floor = failures == 0
                ? TimeSpan.FromSeconds(3) // Retry-After of the assigning answer
                : TimeSpan.FromMilliseconds(backoff.WindowMilliseconds(failures) * (100 - backoff.JitterPercent) / 100.0);
            Assert.True(gap >= floor, $"request {i + 1} came {gap.TotalSeconds:0.0} s after request {i}, less than {floor.TotalSeconds:0.0} s:\n{trace}");
        }

        Assert.Contains("Result: PROVISIONED", run.Stdout);
        Assert.InRange(clock.Waited, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(20));
    }

    public void Dispose() => _device.Dispose();
}
