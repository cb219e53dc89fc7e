using System.Text.Json;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Cli;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// --app-messages: once provisioned, the board's default application sends telemetry to the real
/// emulator's hub every telemetryIntervalSeconds; a hub that refuses the device makes the boot
/// register again, once. The waits are recorded instead of slept; the HTTPS and the hub are real.
/// </summary>
public sealed class ApplicationTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    [Fact]
    public async Task Three_messages_reach_the_hub_one_interval_apart()
    {
        await using var dps = await TestEmulator.StartAsync();
        RunOptions options = _device.Options(dps, _device.Config(dps, new Dictionary<string, object?> { ["telemetryIntervalSeconds"] = 15 }));
        options.AppMessages = 3;
        var delay = new InstantDelay();

        RunResult run = await _device.RunAsync(options, new RunHooks { Delay = delay });

        Assert.True(run.ExitCode == 0, run.ToString());
        var messages = dps.Server.Messages.Snapshot();
        Assert.Equal(4, messages.Count); // the proof, then three telemetry messages
        Assert.Contains("nanodps-provisioned", messages[0].BodyText);
        for (int i = 1; i <= 3; i++)
        {
            using JsonDocument body = JsonDocument.Parse(messages[i].BodyText);
            Assert.Equal("nanodps-telemetry", body.RootElement.GetProperty("event").GetString());
            Assert.Equal(i, body.RootElement.GetProperty("sequence").GetInt32());
            Assert.Equal(1, body.RootElement.GetProperty("bootCount").GetInt64());
            Assert.Equal("1.0.0-virtual", body.RootElement.GetProperty("firmware").GetString());
            Assert.True(body.RootElement.GetProperty("uptimeSeconds").GetInt64() >= 0);
            Assert.False(body.RootElement.TryGetProperty("heapFreeBytes", out _)); // a PC has no figure that means what the board's does
            Assert.Equal(messages[0].DeviceId, messages[i].DeviceId);
        }

        Assert.Equal([15000, 15000], delay.Waits.Skip(delay.Waits.Count - 2));
        Assert.Contains("application: 3 telemetry message(s) to " + messages[0].IotHub + ", one every 15 s", run.Stdout);
        Assert.Contains("telemetry 3: accepted (204)", run.Stdout);
        Assert.DoesNotContain("heap", run.Stdout);
        Assert.Contains("app messages    3 of 3 sent, 3 accepted by the hub", run.Stdout);
    }

    [Fact]
    public async Task A_hub_that_refuses_the_device_makes_the_board_register_again_and_carry_on()
    {
        await using var dps = await TestEmulator.StartAsync();
        RunOptions options = _device.Options(dps, _device.Config(dps));
        options.AppMessages = 3;

        // The hub's second answer (the first telemetry message) is a 401; the rest go to the real hub.
        RunResult run = await _device.RunAsync(options, new RunHooks { Delay = new InstantDelay(), WrapHttp = inner => new RefuseHubMessage(inner, 2) });

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString()); // one message was not taken
        Assert.Equal(2, run.Exchanges.Count(x => x.Kind == RequestKind.Register));
        Assert.Contains("telemetry 1: refused (HTTP 401)", run.Stdout);
        Assert.Contains("registering again: the assigned hub rejected the device (once per boot)", run.Stdout);
        Assert.Contains("app messages    3 of 3 sent, 2 accepted by the hub", run.Stdout);
        Assert.Contains("Result: PROVISIONED", run.Stdout);
        Assert.Contains("exit code       1", run.Stdout);
    }

    [Fact]
    public async Task A_negative_count_is_a_usage_error()
    {
        _device.Secrets.Add("nothing secret is used here", "not-a-secret-" + Guid.NewGuid());
        RunResult run = _device.Check(await _device.CliAsync("--app-messages", "-5", "--flash", _device.Flash));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("error: --app-messages must be a whole number of 0 or more (got '-5').", run.Stderr);
        Assert.False(Directory.Exists(_device.Flash));
    }

    public void Dispose() => _device.Dispose();

    /// <summary>Answers the <c>refuse</c>-th hub message with 401; everything else goes on.</summary>
    private sealed class RefuseHubMessage(IHttpExchange inner, int refuse) : IHttpExchange
    {
        private int _hubMessages;

        public HttpExchangeResult Send(DpsRequest request) =>
            request.Kind == RequestKind.HubTelemetry && ++_hubMessages == refuse
                ? HttpExchangeResult.Answered(401, HttpExchangeResult.NoRetryAfter, null)
                : inner.Send(request);
    }
}
