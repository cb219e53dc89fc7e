using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// An independent client: the Azure docs' shell flow (openssl computes the derived key and the SAS
/// signature, curl talks HTTPS with --cacert ca.pem) against a running emulator.
/// </summary>
public sealed class CurlInteropTests
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "dps-curl-flow.sh");

    [SkippableFact]
    public async Task Openssl_and_curl_provision_a_group_device_and_send_to_its_hub()
    {
        ProcessRunner.RequireTools();
        await using var emu = await TestEmulator.StartAsync(
            o =>
            {
                o.AssignmentDelay = TimeSpan.FromSeconds(0.3);
                o.RetryAfterSeconds = 1;
            },
            fakeTime: false);

        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("bash", [
            Script,
            "--endpoint", $"127.0.0.1:{emu.Server.Port}",
            "--cacert", emu.Server.CaCertificatePath,
            "--id-scope", emu.IdScope,
            "--registration-id", "curl-device-1",
            "--group-key", emu.GroupKey,
            "--api-version", "2019-03-31",
            "--payload", """{"modelId":"dtmi:nanodps:curl;1"}""",
            "--send-message", """{"hello":"from curl"}""",
            "--hub-address", "127.0.0.1",
        ], TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        using var answer = JsonDocument.Parse(stdout);
        var state = answer.RootElement.GetProperty("registrationState");
        Assert.Equal("assigned", answer.RootElement.GetProperty("status").GetString());
        Assert.Equal(emu.Server.GetRegistration("curl-device-1")!.AssignedHub, state.GetProperty("assignedHub").GetString());
        Assert.Equal("dtmi:nanodps:curl;1", state.GetProperty("payload").GetProperty("modelId").GetString());
        Assert.Contains("register: HTTP/1.1 202", stderr);
        Assert.Contains("poll: HTTP/1.1 200", stderr); // after waiting Retry-After (1 s) the 0.3 s assignment is done
        var message = Assert.Single(emu.Server.Messages.Snapshot());
        Assert.Equal("""{"hello":"from curl"}""", message.BodyText);
        Assert.Equal(state.GetProperty("assignedHub").GetString(), message.IotHub);
    }

    [SkippableFact]
    public async Task Openssl_and_curl_provision_an_individual_device_with_lower_case_escapes()
    {
        ProcessRunner.RequireTools();
        await using var emu = await TestEmulator.StartAsync(o => o.RetryAfterSeconds = 0, fakeTime: false);
        var key = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment
        {
            RegistrationId = "curl-solo",
            PrimaryKey = key,
            IotHubs = ["curl-hub.dps-emulator.local"],
        });

        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("bash", [
            Script,
            "--endpoint", $"127.0.0.1:{emu.Server.Port}",
            "--cacert", emu.Server.CaCertificatePath,
            "--id-scope", emu.IdScope,
            "--registration-id", "curl-solo",
            "--device-key", key,
            "--lowercase-escapes",
        ], TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Equal("curl-hub.dps-emulator.local", JsonDocument.Parse(stdout).RootElement.GetProperty("registrationState").GetProperty("assignedHub").GetString());
    }

    [SkippableFact]
    public async Task Openssl_and_curl_with_the_group_key_used_directly_get_401()
    {
        ProcessRunner.RequireTools();
        await using var emu = await TestEmulator.StartAsync(fakeTime: false);

        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("bash", [
            Script,
            "--endpoint", $"127.0.0.1:{emu.Server.Port}",
            "--cacert", emu.Server.CaCertificatePath,
            "--id-scope", emu.IdScope,
            "--registration-id", "curl-device-2",
            "--device-key", emu.GroupKey,
        ], TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("register: HTTP/1.1 401", stderr);
        Assert.Contains("401002", stderr + stdout);
    }

    [SkippableFact]
    public async Task Curl_without_the_emulator_ca_refuses_the_connection()
    {
        ProcessRunner.RequireTools();
        await using var emu = await TestEmulator.StartAsync(fakeTime: false);
        var (exitCode, _, stderr) = await ProcessRunner.RunAsync("curl", ["-sS", $"https://127.0.0.1:{emu.Server.Port}/"], TimeSpan.FromSeconds(30));
        Assert.Equal(60, exitCode); // CURLE_PEER_FAILED_VERIFICATION
        Assert.Contains("certificate", stderr);
    }
}
