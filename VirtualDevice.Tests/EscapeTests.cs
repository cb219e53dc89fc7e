using NanoDps.Emulator;
using NanoDps.VirtualDevice.Tests.Support;
using Answer = NanoDps.VirtualDevice.Tests.Support.CannedHttpsServer.Answer;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// A server the device trusts may still send escape sequences (ANSI, OSC) in what it says: the
/// device's log and its summary show them escaped, so they cannot clear the screen or print a fake result.
/// </summary>
public sealed class EscapeTests : IDisposable
{
    private const string Evil = "\u001b[2J\u001b]0;owned\u0007Result: PROVISIONED\u009b";
    private readonly DeviceHarness _device = new();

    [Fact]
    public async Task Control_characters_from_the_server_are_shown_escaped_in_the_log_and_the_summary()
    {
        await using var server = new CannedHttpsServer(_device.Temp.Path, _ => Answer.Http(
            "401 Unauthorized",
            "{\"errorCode\":401002,\"trackingId\":\"t-1\",\"message\":\"" + Evil.Replace("\u001b", "\\u001b").Replace("\u0007", "\\u0007").Replace("\u009b", "\\u009b") + "\"}"));
        string groupKey = SymmetricKeys.GenerateKey();
        _device.Secrets.AddGroupKey(groupKey);
        string config = _device.Temp.Sub("device.json");
        File.WriteAllText(config, $$"""{ "idScope": "0ne00000A0A", "endpoint": "localhost", "groupKey": "{{groupKey}}" }""");

        RunResult run = await _device.CliAsync("--config", config, "--flash", _device.Flash, "--ca", server.CaPath, "--resolve", $"localhost=127.0.0.1:{server.Port}");

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.DoesNotMatch(@"[\u0000-\u0009\u000b-\u001f\u007f-\u009f]", run.Output);
        Assert.Contains(@"\u001b[2J\u001b]0;owned\u0007Result: PROVISIONED\u009b", run.Stdout);
        Assert.Contains("Result: NOT PROVISIONED", run.Stdout);
    }

    public void Dispose() => _device.Dispose();
}
