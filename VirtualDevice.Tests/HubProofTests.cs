using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Cli;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>What the board does when the assigned hub does not take its proof message (the hub's answers are scripted here).</summary>
public sealed class HubProofTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    private static RunHooks HubAnswers(int status) => new()
    {
        WrapHttp = inner => new HubScript(inner, status),
    };

    [Fact]
    public async Task A_hub_that_refuses_even_after_a_new_registration_ends_the_boot_with_exit_1()
    {
        await using var dps = await TestEmulator.StartAsync();
        RunOptions options = _device.Options(dps, _device.Config(dps));

        RunResult run = await _device.RunAsync(options, HubAnswers(404));

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Equal(2, run.Exchanges.Count(x => x.Kind == RequestKind.HubTelemetry)); // once, then once more after registering again
        Assert.Equal(2, run.Exchanges.Count(x => x.Kind == RequestKind.Register));
        Assert.Contains("registering again: the assigned hub rejected the device (once per boot)", run.Stdout);
        Assert.Contains("Result: NOT PROVISIONED: assigned to", run.Stdout);
        Assert.Contains("hub refused the device again after a new registration", run.Stdout);
    }

    [Fact]
    public async Task A_hub_in_trouble_keeps_the_assignment_for_the_next_boot_and_exits_1()
    {
        await using var dps = await TestEmulator.StartAsync();
        RunOptions options = _device.Options(dps, _device.Config(dps));

        RunResult run = await _device.RunAsync(options, HubAnswers(503));

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Single(run.Exchanges, x => x.Kind == RequestKind.HubTelemetry);
        Assert.Contains("hub proof: failed (HTTP 503)", run.Stdout);
        Assert.NotNull(DeviceHarness.StoredRecord(_device.Flash));

        dps.Server.RequestLog.Clear();
        RunResult next = await _device.RunAsync(options);
        Assert.Equal(0, next.ExitCode);
        Assert.Empty(dps.DpsRequests());
    }

    public void Dispose() => _device.Dispose();

    /// <summary>Sends DPS requests on; answers every hub request with <c>status</c>.</summary>
    private sealed class HubScript(IHttpExchange inner, int status) : IHttpExchange
    {
        public HttpExchangeResult Send(DpsRequest request) =>
            request.Kind == RequestKind.HubTelemetry ? HttpExchangeResult.Answered(status, HttpExchangeResult.NoRetryAfter, null) : inner.Send(request);
    }
}
