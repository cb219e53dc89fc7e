using System.Net;
using System.Text;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>What a device does, in one call each, for tests that look at the emulator from the side (dashboard, browser).</summary>
internal static class DeviceCalls
{
    /// <summary>Registers, then polls when the answer is 202, until the outcome (assigned, disabled, failed).</summary>
    public static async Task<string> RegisterOutcomeAsync(TestEmulator emu, string registrationId, string? key = null)
    {
        var token = emu.Token(registrationId, key);
        using var register = await emu.RegisterAsync(registrationId, token);
        var answer = await TestEmulator.Json(register);
        for (var poll = 0; register.StatusCode == HttpStatusCode.Accepted && poll < 10; poll++)
        {
            await emu.WaitAsync(TestEmulator.RetryAfter(register) ?? 0);
            using var response = await emu.PollAsync(registrationId, answer.GetProperty("operationId").GetString()!, token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (await TestEmulator.Json(response)).GetProperty("status").GetString()!;
            }
        }

        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        return answer.GetProperty("status").GetString()!;
    }

    /// <summary>Sends a device-to-cloud message to the device's hub with its key; asserts 204.</summary>
    public static async Task<string> SendToHubAsync(TestEmulator emu, string hub, string deviceId, string deviceKey, string body)
    {
        var token = Sas.ForHub(hub, deviceId, deviceKey, emu.Now);
        using var message = new HttpRequestMessage(HttpMethod.Post, $"https://{hub}:{emu.Server.Port}/devices/{deviceId}/messages/events?api-version=2020-03-13")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        message.Headers.TryAddWithoutValidation("Authorization", token);
        using var sent = await emu.Http.SendAsync(message);
        Assert.Equal(HttpStatusCode.NoContent, sent.StatusCode);
        return token;
    }
}
