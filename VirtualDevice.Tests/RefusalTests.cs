using NanoDps.Emulator;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>What the device does, and says, when DPS refuses it.</summary>
public sealed class RefusalTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    [Fact]
    public async Task A_wrong_key_is_refused_twice_then_reported_with_its_likely_causes()
    {
        await using var dps = await TestEmulator.StartAsync();
        string wrongKey = SymmetricKeys.GenerateKey();
        var options = _device.Options(dps, _device.Config(dps, new Dictionary<string, object?> { ["groupKey"] = wrongKey }));

        RunResult run = await _device.RunAsync(options);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        // The core re-checks the clock and re-mints once after a 401, then stops: two registrations, no poll.
        Assert.Equal([(RequestKind.Register, 401), (RequestKind.Register, 401)], dps.DpsRequests().Select(e => (e.Kind, e.Status)));
        Assert.Contains("Result: NOT PROVISIONED: DPS refused the device's SAS token twice (HTTP 401)", run.Stdout);
        Assert.Contains("Likely causes: the enrollment group key used directly instead of the derived device key", run.Stdout);
        Assert.Contains("the clock is wrong", run.Stdout);
        Assert.Contains("differs in case", run.Stdout);
        Assert.Contains("DPS said        401", run.Stdout);
        Assert.Contains("exit code       1", run.Stdout);
        Assert.Null(DeviceHarness.StoredRecord(_device.Flash));
    }

    [Fact]
    public async Task A_disabled_enrollment_is_reported()
    {
        await using var dps = await TestEmulator.StartAsync(groupEnabled: false);
        var options = _device.Options(dps, _device.Config(dps));

        RunResult run = await _device.RunAsync(options);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("answer: 200 disabled", run.Stdout);
        Assert.Contains("Result: NOT PROVISIONED: the enrollment (or this device's registration) is disabled in DPS", run.Stdout);
        Assert.Contains("enable it in the portal", run.Stdout);
        Assert.Null(DeviceHarness.StoredRecord(_device.Flash));
        Assert.Empty(dps.HubRequests());
    }

    [Fact]
    public async Task A_clock_an_hour_ahead_still_provisions()
    {
        // The token's expiry lies two hours ahead for DPS: DPS only refuses expired tokens.
        await using var dps = await TestEmulator.StartAsync();
        var options = _device.Options(dps, _device.Config(dps));
        options.ClockOffsetSeconds = 3600;

        RunResult run = await _device.RunAsync(options);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(dps.DpsRequests(), e => Assert.True(e.Status is 200 or 202));
    }

    [Fact]
    public async Task A_clock_an_hour_behind_provisions_while_the_token_outlives_the_error()
    {
        // sasTtlSeconds 3600 (default): the token expires "now" for DPS, within its 5 minutes of clock-skew allowance.
        await using var dps = await TestEmulator.StartAsync();
        var options = _device.Options(dps, _device.Config(dps));
        options.ClockOffsetSeconds = -3600;

        RunResult run = await _device.RunAsync(options);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task A_clock_an_hour_behind_with_a_shorter_token_is_refused_after_one_fresh_token()
    {
        // sasTtlSeconds 1800: every token the device mints expired 30 minutes ago for DPS. The clock
        // still looks sane to the device (later than the earliest plausible time), so the core
        // re-mints once and then reports 401 with the clock among the likely causes.
        await using var dps = await TestEmulator.StartAsync();
        var options = _device.Options(dps, _device.Config(dps, new Dictionary<string, object?> { ["sasTtlSeconds"] = 1800 }));
        options.ClockOffsetSeconds = -3600;

        RunResult run = await _device.RunAsync(options);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Equal(2, dps.DpsRequests().Count);
        Assert.All(dps.DpsRequests(), e =>
        {
            Assert.Equal((RequestKind.Register, 401), (e.Kind, e.Status));
            Assert.StartsWith("token expired", e.Detail);
        });
        Assert.Contains("401: the clock looks sane; minting a new token and trying once more", run.Stdout);
        Assert.Contains("the clock is wrong", run.Stdout);
    }

    [Fact]
    public async Task A_clock_that_was_never_set_sends_nothing()
    {
        await using var dps = await TestEmulator.StartAsync();
        var options = _device.Options(dps, _device.Config(dps));
        options.ClockOffsetSeconds = -(DateTimeOffset.UtcNow - new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)).Ticks / TimeSpan.TicksPerSecond;

        RunResult run = await _device.RunAsync(options);

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Empty(dps.Server.RequestLog.Snapshot());
        Assert.Contains("clock: 2020-01-01", run.Stdout);
        Assert.Contains("Result: NOT PROVISIONED: the device clock is not set", run.Stdout);
        Assert.Contains("clock not set (reads 2020-01-01", run.Stdout);
        Assert.Contains("cannot set this PC's clock", run.Stdout);
    }

    public void Dispose() => _device.Dispose();
}
