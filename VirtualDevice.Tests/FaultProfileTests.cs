using NanoDps.Emulator;
using NanoDps.VirtualDevice.Cli;
using NanoDps.VirtualDevice.Tests.Support;
using Backoff = NanoDps.Provisioning.Backoff;
using Plan = NanoDps.VirtualDevice.Tests.Support.FaultPreview.Plan;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// The device against a faulty emulator, one class per built-in fault profile (so they run in
/// parallel), over real HTTPS on the real clock. For each profile the test picks the first seed whose
/// faults hit both the registration and the polls (<see cref="FaultPreview"/>), which also gives the
/// exact number of requests a correct device sends: one per injected fault, plus one registration and
/// one poll (the emulator assigns at once). To keep the suite short the device's back-off windows
/// are shrunk to 2-4 s; the 2 s floor between two requests is the firmware's own, measured on the
/// emulator's request log.
/// </summary>
public abstract class FaultProfileTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    /// <summary>Back-off windows for tests: 2 s then 4 s, jitter over the top half; the 2 s floor stays.</summary>
    public static Backoff QuickBackoff => new() { FirstWindowMilliseconds = 2000, MaxWindowMilliseconds = 4000, JitterPercent = 50 };

    protected abstract FaultProfile Profile { get; }

    /// <summary>Most DPS requests the device may send under this profile (the test's stated budget).</summary>
    protected abstract int Budget { get; }

    /// <summary>What the seed's faults must do for the test to mean something.</summary>
    protected abstract bool Wanted(Plan plan);

    protected static int Count(IEnumerable<string?> faults, params string[] names) => faults.Count(f => f is not null && names.Contains(f));

    [Fact]
    public async Task The_device_provisions_within_budget_never_faster_than_every_2_s_one_request_at_a_time()
    {
        (int seed, Plan plan) = FaultPreview.FirstSeed(Profile, p => p.Total <= Budget && Wanted(p));
        await using var dps = await TestEmulator.StartAsync(o =>
        {
            o.Faults = Profile;
            o.FaultSeed = seed;
        });
        RunOptions options = _device.Options(dps, _device.Config(dps));

        RunResult run = await _device.RunAsync(options, new RunHooks { Backoff = QuickBackoff });

        IReadOnlyList<RequestLogEntry> log = dps.DpsRequests();
        string trace = $"profile {Profile.Name}, seed {seed}, planned {plan}\n"
            + string.Join("\n", log.Select(e => $"{e.StartUtc:HH:mm:ss.fff}-{e.EndUtc:HH:mm:ss.fff} {e.Method} {e.Kind} {e.Status} {e.Fault}")) + "\n" + run;
        Assert.True(run.ExitCode == 0, trace);

        // Exactly one request per injected fault, plus one registration and one poll: nothing wasted.
        Assert.True(log.Count <= Budget, $"{log.Count} DPS requests, budget {Budget}:\n{trace}");
        Assert.True(plan.RegisterFaults.Concat(plan.PollFaults).SequenceEqual(log.Select(e => e.Fault)), trace);
        Assert.Equal(run.Exchanges.Count(x => x.Kind != Provisioning.RequestKind.HubTelemetry), log.Count);

        // One request at a time, and at least 2 s from one request to the next (DPS: 5 polls per 10 s).
        Assert.Equal(1, run.MaxInFlight);
        for (int i = 1; i < log.Count; i++)
        {
            Assert.True(log[i].StartUtc >= log[i - 1].EndUtc, $"requests {i} and {i + 1} overlap:\n{trace}");
            Assert.True(log[i].StartUtc - log[i - 1].StartUtc >= TimeSpan.FromSeconds(2), $"requests {i} and {i + 1} are less than 2 s apart:\n{trace}");
            Assert.True(log[i].StartUtc - log[i - 1].EndUtc >= TimeSpan.FromSeconds(1.95), $"request {i + 1} came less than 2 s after the answer to {i}:\n{trace}");
        }

        // Registrations until one got through, then polls of that one operation only: after a
        // throttled, failed, reset or unreadable poll the device resumes the same operation.
        Assert.All(log.Take(plan.Registers), e => Assert.Equal(RequestKind.Register, e.Kind));
        Assert.All(log.Skip(plan.Registers), e => Assert.Equal(RequestKind.Poll, e.Kind));
        Assert.Single(log.Skip(plan.Registers).Select(e => e.Path).Distinct());
        if (plan.PollFaults.Length > 1)
        {
            Assert.Contains("polling the same operation again", run.Stdout);
        }

        Assert.NotNull(DeviceHarness.StoredRecord(_device.Flash));
    }

    public void Dispose() => _device.Dispose();
}

/// <summary>429 storms: throttled while registering and while polling.</summary>
public sealed class ThrottleStormTests : FaultProfileTests
{
    protected override FaultProfile Profile => FaultProfile.ThrottleStorm;

    protected override int Budget => 10;

    protected override bool Wanted(Plan plan) => Count(plan.RegisterFaults, "throttle") >= 1 && Count(plan.PollFaults, "throttle") >= 2;
}

/// <summary>5xx bursts: 500/503 while registering and while polling.</summary>
public sealed class ServerErrorTests : FaultProfileTests
{
    protected override FaultProfile Profile => FaultProfile.ServerErrors;

    protected override int Budget => 10;

    protected override bool Wanted(Plan plan) =>
        Count(plan.RegisterFaults, "server-error-500", "server-error-503") >= 1 && Count(plan.PollFaults, "server-error-500", "server-error-503") >= 2;
}

/// <summary>Connection resets (transport errors) while registering and while polling.</summary>
public sealed class ConnectionResetTests : FaultProfileTests
{
    protected override FaultProfile Profile => FaultProfile.ConnectionResets;

    protected override int Budget => 8;

    protected override bool Wanted(Plan plan) => Count(plan.RegisterFaults, "connection-reset") >= 1 && Count(plan.PollFaults, "connection-reset") >= 1;
}

/// <summary>Slow answers (0.5 to 3 s): the registration and the poll both answered late.</summary>
public sealed class SlowAnswerTests : FaultProfileTests
{
    protected override FaultProfile Profile => FaultProfile.Slow;

    protected override int Budget => 3;

    protected override bool Wanted(Plan plan) => plan.RegisterFaults[^1] == "slow" && plan.PollFaults[^1] == "slow";
}

/// <summary>Cut-off and malformed bodies, on a registration answer and on a poll answer.</summary>
public sealed class MalformedBodyTests : FaultProfileTests
{
    protected override FaultProfile Profile => FaultProfile.Malformed;

    protected override int Budget => 8;

    protected override bool Wanted(Plan plan) =>
        Count(plan.RegisterFaults, "truncated", "malformed") >= 1 && Count(plan.PollFaults, "truncated", "malformed") >= 1
        && Count(plan.RegisterFaults.Concat(plan.PollFaults), "truncated") >= 1 && Count(plan.RegisterFaults.Concat(plan.PollFaults), "malformed") >= 1;
}

/// <summary>Everything mixed: at least three kinds of fault in one run, one of them a transport error or a bad body on a poll.</summary>
public sealed class ChaosTests : FaultProfileTests
{
    protected override FaultProfile Profile => FaultProfile.Chaos;

    protected override int Budget => 10;

    protected override bool Wanted(Plan plan) =>
        plan.RegisterFaults.Concat(plan.PollFaults).Where(f => f is not null).Distinct().Count() >= 3
        && Count(plan.PollFaults, "connection-reset", "truncated", "malformed") >= 1;
}
