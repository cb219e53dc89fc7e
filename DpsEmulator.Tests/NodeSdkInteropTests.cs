using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// An official Azure IoT device SDK against the emulator: the Node.js provisioning client with its
/// HTTP transport and symmetric-key security client (azure-iot-provisioning-device 1.9.1,
/// azure-iot-provisioning-device-http 1.9.1, azure-iot-security-symmetric-key 1.8.2), unmodified,
/// run by <c>interop/azure-iot-node-sdk/provision.js</c>. Only the trust (NODE_EXTRA_CA_CERTS =
/// ca.pem) and the host and port differ from a device talking to Azure.
/// </summary>
/// <remarks>
/// Needs node and npm (Debian packages nodejs, npm). The first run installs the locked packages
/// with <c>npm ci</c> into that folder (from the npm registry or its cache), later runs reuse them.
/// </remarks>
public sealed class NodeSdkInteropTests
{
    [SkippableFact]
    public async Task Node_sdk_registers_and_polls_until_assigned()
    {
        var sdk = await NodeSdk.EnsureInstalledAsync();
        await using var emu = await TestEmulator.StartAsync(
            o =>
            {
                // Assigned after 2.5 s, Retry-After 1 s: the SDK must poll again after a 202.
                o.AssignmentDelay = TimeSpan.FromSeconds(2.5);
                o.RetryAfterSeconds = 1;
            },
            fakeTime: false);
        const string id = "node-sdk-device-1";

        var (exitCode, stdout, stderr) = await ProvisionAsync(sdk, emu, id, DeriveDeviceKey(emu.GroupKey, id), """{"modelId":"dtmi:nanodps:node;1"}""");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        using var answer = JsonDocument.Parse(NodeSdk.LastJsonLine(stdout));
        var result = answer.RootElement;
        var record = emu.Server.GetRegistration(id);
        Assert.NotNull(record);
        Assert.Equal("assigned", result.GetProperty("status").GetString());
        Assert.Equal(record.AssignedHub, result.GetProperty("assignedHub").GetString());
        Assert.Equal(record.DeviceId, result.GetProperty("deviceId").GetString());
        Assert.Equal(id, result.GetProperty("deviceId").GetString());
        Assert.Contains(record.AssignedHub, new[] { TestEmulator.Hub1, TestEmulator.Hub2 });
        Assert.Equal("dtmi:nanodps:node;1", result.GetProperty("payload").GetProperty("modelId").GetString());

        // What the SDK sent: one PUT register (202), then GET polls of that operation, 202 until the
        // assignment delay has passed and 200 at the end, each after the 1 s Retry-After.
        var log = emu.Server.RequestLog.Snapshot();
        Assert.All(log, e => Assert.Equal(id, e.RegistrationId));
        var register = log[0];
        Assert.Equal(("PUT", RequestKind.Register, 202, $"/{emu.IdScope}/registrations/{id}/register"), (register.Method, register.Kind, register.Status, register.Path));
        var polls = log.Skip(1).ToList();
        Assert.True(polls.Count >= 2, $"expected a 202 poll and a 200 poll, got {polls.Count} poll(s)");
        Assert.All(polls, p =>
        {
            Assert.Equal(("GET", RequestKind.Poll), (p.Method, p.Kind));
            Assert.StartsWith($"/{emu.IdScope}/registrations/{id}/operations/", p.Path, StringComparison.Ordinal);
        });
        Assert.Single(polls.Select(p => p.Path).Distinct());
        Assert.All(polls.SkipLast(1), p => Assert.Equal(202, p.Status));
        Assert.Equal(200, polls[^1].Status);
        for (var i = 1; i < log.Count; i++)
        {
            var gap = log[i].StartUtc - log[i - 1].EndUtc;
            Assert.True(gap >= TimeSpan.FromSeconds(0.9), $"request {i} came {gap.TotalMilliseconds:F0} ms after the previous answer (Retry-After 1 s)");
        }
    }

    [SkippableTheory]
    [InlineData("random key")]
    [InlineData("group key used directly")]
    public async Task Node_sdk_with_a_wrong_key_reports_401(string which)
    {
        var sdk = await NodeSdk.EnsureInstalledAsync();
        await using var emu = await TestEmulator.StartAsync(o => o.RetryAfterSeconds = 1, fakeTime: false);
        const string id = "node-sdk-device-2";
        var key = which == "random key" ? SymmetricKeys.GenerateKey(32) : emu.GroupKey;

        var (exitCode, stdout, stderr) = await ProvisionAsync(sdk, emu, id, key);

        Assert.True(exitCode == 1, $"exit {exitCode}\n{stdout}\n{stderr}");
        using var error = JsonDocument.Parse(NodeSdk.LastJsonLine(stderr));
        Assert.Equal("UnauthorizedError", error.RootElement.GetProperty("error").GetString());
        Assert.Equal(401, error.RootElement.GetProperty("httpStatus").GetInt32());
        Assert.Contains("401002", error.RootElement.GetProperty("body").GetString());
        Assert.Null(emu.Server.GetRegistration(id));
        var entry = Assert.Single(emu.Server.RequestLog.Snapshot()); // 401 is final: no retry, no poll
        Assert.Equal(("PUT", RequestKind.Register, 401, id), (entry.Method, entry.Kind, entry.Status, entry.RegistrationId));
    }

    /// <summary>The group device key, computed here (not by the emulator nor the device core).</summary>
    private static string DeriveDeviceKey(string groupKey, string registrationId) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(groupKey), Encoding.UTF8.GetBytes(registrationId)));

    private static Task<(int ExitCode, string Stdout, string Stderr)> ProvisionAsync(string sdk, TestEmulator emu, string id, string key, string? payload = null)
    {
        string[] arguments =
        [
            "provision.js",
            "--host", $"127.0.0.1:{emu.Server.Port}",
            "--id-scope", emu.IdScope,
            "--registration-id", id,
            "--device-key", key,
            "--timeout", "45",
            .. payload is null ? Array.Empty<string>() : ["--payload", payload],
        ];
        return ProcessRunner.RunAsync("node", arguments, TimeSpan.FromSeconds(60), sdk, new Dictionary<string, string?>
        {
            ["NODE_EXTRA_CA_CERTS"] = emu.Server.CaCertificatePath,
            ["NODE_TLS_REJECT_UNAUTHORIZED"] = null,
            ["DEBUG"] = null,
            ["DPS_HOST"] = null,
            ["DPS_PAYLOAD"] = null,
        });
    }
}
