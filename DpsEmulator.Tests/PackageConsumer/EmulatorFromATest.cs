using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NanoDps.Emulator;
using Xunit;

namespace Consumer.Tests;

/// <summary>What a user's test does with the NanoDps.DpsEmulator.Library package: start it, trust its CA, provision a device.</summary>
public sealed class EmulatorFromATest
{
    [Fact]
    public async Task A_device_provisions_against_an_emulator_the_test_started()
    {
        var data = Directory.CreateTempSubdirectory("dps-emulator-").FullName;
        try
        {
            await using var dps = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = data, AssignmentDelay = TimeSpan.Zero });
            Assert.True(File.Exists(dps.CaCertificatePath), "the CA to trust");
            Assert.StartsWith("HostName=", dps.ServiceConnectionString);
            Assert.NotEqual(0, dps.Port);
            var group = dps.CreatedDemoEnrollment!;

            // CreateHttpHandler trusts the emulator's CA only and connects its hub names to it.
            using var http = new HttpClient(dps.CreateHttpHandler()) { BaseAddress = dps.BaseAddress };
            const string id = "consumer-device-1";
            var deviceKey = Hmac(group.PrimaryKey, id);
            var token = Sas($"{dps.IdScope}/registrations/{id}", deviceKey, "registration");
            using var register = new HttpRequestMessage(HttpMethod.Put, $"{dps.IdScope}/registrations/{id}/register?api-version=2021-10-01")
            {
                Content = new StringContent($"{{\"registrationId\":\"{id}\"}}", Encoding.UTF8, "application/json"),
            };
            register.Headers.TryAddWithoutValidation("Authorization", token);
            using var accepted = await http.SendAsync(register);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var operationId = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("operationId").GetString();

            using var poll = new HttpRequestMessage(HttpMethod.Get, $"{dps.IdScope}/registrations/{id}/operations/{operationId}?api-version=2021-10-01");
            poll.Headers.TryAddWithoutValidation("Authorization", token);
            using var assigned = await http.SendAsync(poll);
            var state = JsonDocument.Parse(await assigned.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("assigned", state.GetProperty("status").GetString());
            Assert.Equal(id, dps.GetRegistration(id)!.DeviceId);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Hmac(string base64Key, string data) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(base64Key), Encoding.UTF8.GetBytes(data)));

    private static string Sas(string resource, string base64Key, string? keyName)
    {
        var sr = Uri.EscapeDataString(resource);
        var se = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString();
        var sig = Uri.EscapeDataString(Hmac(base64Key, sr + "\n" + se));
        return $"SharedAccessSignature sr={sr}&sig={sig}&se={se}" + (keyName is null ? string.Empty : "&skn=" + keyName);
    }
}
