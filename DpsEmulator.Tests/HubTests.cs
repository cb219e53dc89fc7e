using System.Net;
using System.Text;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>The IoT hub device-to-cloud endpoint: a registered device proves its assignment.</summary>
public sealed class HubTests
{
    [Fact]
    public async Task Registered_device_sends_to_its_hub_by_hub_name_and_the_message_is_kept()
    {
        await using var emu = await TestEmulator.StartAsync();
        var (hub, deviceId) = await ProvisionAsync(emu, "hub-device-1");

        using var response = await SendAsync(emu, hub, deviceId, Sas.ForHub(hub, deviceId, emu.DeviceKey("hub-device-1"), emu.Now), """{"temperature":21.5}""",
            ("iothub-app-alert", "false"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var message = Assert.Single(emu.Server.Messages.Snapshot());
        Assert.Equal(hub, message.IotHub);
        Assert.Equal(deviceId, message.DeviceId);
        Assert.Equal("""{"temperature":21.5}""", message.BodyText);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("false", message.Properties["alert"]);
        Assert.Equal(emu.Now, message.ReceivedUtc);
        var logged = emu.Server.RequestLog.Snapshot()[^1];
        Assert.Equal(RequestKind.Hub, logged.Kind);
        Assert.Equal(204, logged.Status);
    }

    [Fact]
    public async Task Host_localhost_takes_the_hub_from_the_token()
    {
        await using var emu = await TestEmulator.StartAsync();
        var (hub, deviceId) = await ProvisionAsync(emu, "hub-device-2");
        using var response = await SendAsync(emu, "localhost", deviceId, Sas.ForHub(hub, deviceId, emu.DeviceKey("hub-device-2"), emu.Now), "hello");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("hello", emu.Server.Messages.Snapshot().Single().BodyText);
    }

    [Fact]
    public async Task Individual_enrollment_device_uses_its_own_key_and_device_id()
    {
        await using var emu = await TestEmulator.StartAsync();
        var key = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment
        {
            RegistrationId = "hub-solo",
            DeviceId = "hub-solo-device",
            PrimaryKey = key,
            IotHubs = [TestEmulator.Hub1],
        });
        var (hub, deviceId) = await ProvisionAsync(emu, "hub-solo", key);

        using var response = await SendAsync(emu, hub, deviceId, Sas.ForHub(hub, deviceId, key, emu.Now), "solo");

        Assert.Equal("hub-solo-device", deviceId);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_device_is_404()
    {
        await using var emu = await TestEmulator.StartAsync();
        var key = emu.DeviceKey("never-registered");
        using var response = await SendAsync(emu, TestEmulator.Hub1, "never-registered", Sas.ForHub(TestEmulator.Hub1, "never-registered", key, emu.Now), "x");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("DeviceNotFound", await response.Content.ReadAsStringAsync());
        Assert.Empty(emu.Server.Messages.Snapshot());
    }

    [Fact]
    public async Task Device_on_another_hub_is_404_there()
    {
        await using var emu = await TestEmulator.StartAsync();
        var (hub, deviceId) = await ProvisionAsync(emu, "hub-device-3");
        var otherHub = hub == TestEmulator.Hub1 ? TestEmulator.Hub2 : TestEmulator.Hub1;
        using var response = await SendAsync(emu, otherHub, deviceId, Sas.ForHub(otherHub, deviceId, emu.DeviceKey("hub-device-3"), emu.Now), "x");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Bad_hub_tokens_are_401()
    {
        await using var emu = await TestEmulator.StartAsync();
        var (hub, deviceId) = await ProvisionAsync(emu, "hub-device-4");
        var key = emu.DeviceKey("hub-device-4");
        var sr = Sas.Encode($"{hub}/devices/{deviceId}");
        var expiry = emu.Now.AddHours(1).ToUnixTimeSeconds();

        string[] bad =
        [
            Sas.ForHub(hub, deviceId, emu.GroupKey, emu.Now), // group key directly
            Sas.ForHub(hub, deviceId, emu.DeviceKey("someone-else"), emu.Now), // another device's key
            Sas.Token(sr, key, expiry, skn: "registration"), // skn is not for device tokens
            Sas.Token(sr, key, emu.Now.AddMinutes(-6).ToUnixTimeSeconds(), skn: null), // expired beyond the 5 min skew
            Sas.Token(Sas.Encode($"{hub}/devices/someone-else"), key, expiry, skn: null), // sr of another device
            Sas.ForRegistration(emu.IdScope, "hub-device-4", key, emu.Now), // the DPS token
            string.Empty, // none
        ];
        foreach (var token in bad)
        {
            using var response = await SendAsync(emu, hub, deviceId, token, "x");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("IotHubUnauthorizedAccess", await response.Content.ReadAsStringAsync());
        }

        Assert.Empty(emu.Server.Messages.Snapshot());
    }

    [Fact]
    public async Task Hub_needs_a_known_api_version_and_post()
    {
        await using var emu = await TestEmulator.StartAsync();
        var (hub, deviceId) = await ProvisionAsync(emu, "hub-device-5");
        var token = Sas.ForHub(hub, deviceId, emu.DeviceKey("hub-device-5"), emu.Now);
        using var badVersion = await SendAsync(emu, hub, deviceId, token, "x", apiVersion: "1999-01-01");
        using var get = await emu.Http.GetAsync($"https://{hub}:{emu.Server.Port}/devices/{deviceId}/messages/events?api-version=2020-03-13");
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Contains("ErrorCode:MethodNotAllowed", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Messages_over_256_KiB_are_413()
    {
        await using var emu = await TestEmulator.StartAsync();
        var (hub, deviceId) = await ProvisionAsync(emu, "hub-device-6");
        using var response = await SendAsync(emu, hub, deviceId, Sas.ForHub(hub, deviceId, emu.DeviceKey("hub-device-6"), emu.Now), new string('x', (256 * 1024) + 1));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(emu.Server.Messages.Snapshot());
    }

    [Fact]
    public async Task Without_a_valid_token_the_answer_is_the_same_whether_or_not_the_device_exists()
    {
        await using var emu = await TestEmulator.StartAsync();
        var (hub, deviceId) = await ProvisionAsync(emu, "hub-known-1");
        var expiry = emu.Now.AddHours(1).ToUnixTimeSeconds();
        var randomKey = SymmetricKeys.GenerateKey(32);

        // For each way of getting it wrong: a registered device and one that never was get the same answer.
        foreach (var (what, tokenFor) in new (string, Func<string, string>)[]
        {
            ("no token", _ => string.Empty),
            ("garbage", _ => "SharedAccessSignature nonsense"),
            ("random key", id => Sas.ForHub(hub, id, randomKey, emu.Now)),
            ("group key itself", id => Sas.ForHub(hub, id, emu.GroupKey, emu.Now)),
            ("expired", id => Sas.Token(Sas.Encode($"{hub}/devices/{id}"), emu.DeviceKey(id), emu.Now.AddHours(-1).ToUnixTimeSeconds(), skn: null)),
            ("sr of another device", id => Sas.Token(Sas.Encode($"{hub}/devices/other"), emu.DeviceKey(id), expiry, skn: null)),
        })
        {
            using var known = await SendAsync(emu, hub, deviceId, tokenFor(deviceId), "x");
            using var unknown = await SendAsync(emu, hub, "hub-never-registered", tokenFor("hub-never-registered"), "x");
            Assert.True(known.StatusCode == HttpStatusCode.Unauthorized, $"{what}, registered device: {(int)known.StatusCode}");
            Assert.True(unknown.StatusCode == HttpStatusCode.Unauthorized, $"{what}, unknown device: {(int)unknown.StatusCode}");
            Assert.Equal(ErrorCodeOf(await known.Content.ReadAsStringAsync()), ErrorCodeOf(await unknown.Content.ReadAsStringAsync()));
        }

        Assert.Empty(emu.Server.Messages.Snapshot());
    }

    [Fact]
    public async Task Message_store_is_capped_by_bytes_in_total_and_per_device_oldest_first()
    {
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.HubMessageBytes = 1000;
            o.HubMessageBytesPerDevice = 600;
        });
        var a = await ProvisionAsync(emu, "hub-bytes-a");
        var b = await ProvisionAsync(emu, "hub-bytes-b");
        var c = await ProvisionAsync(emu, "hub-bytes-c");
        async Task Send((string Hub, string DeviceId) device, char fill)
        {
            using var response = await SendAsync(emu, device.Hub, device.DeviceId, Sas.ForHub(device.Hub, device.DeviceId, emu.DeviceKey(device.DeviceId), emu.Now), new string(fill, 250));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        await Send(a, '1');
        await Send(a, '2');
        await Send(b, '3');
        await Send(a, '4'); // a: 750 bytes > 600: a's oldest ('1') goes
        Assert.Equal("234", string.Concat(emu.Server.Messages.Snapshot().Select(m => m.BodyText[0])));
        await Send(c, '5'); // 1000 bytes in all: still fits
        await Send(c, '6'); // 1250 > 1000: the oldest of all ('2', a's) goes
        Assert.Equal("3456", string.Concat(emu.Server.Messages.Snapshot().Select(m => m.BodyText[0])));
        Assert.Equal(1000, emu.Server.Messages.Bytes);
    }

    [Fact]
    public async Task Message_store_default_byte_cap_bounds_600_messages_of_256_KiB()
    {
        await using var emu = await TestEmulator.StartAsync();
        var devices = new List<(string Hub, string DeviceId)>();
        for (var i = 0; i < 20; i++)
        {
            devices.Add(await ProvisionAsync(emu, $"hub-big-{i}"));
        }

        var body = new string('x', 256 * 1024);
        for (var i = 0; i < 600; i++)
        {
            var (hub, deviceId) = devices[i % devices.Count];
            using var response = await SendAsync(emu, hub, deviceId, Sas.ForHub(hub, deviceId, emu.DeviceKey(deviceId), emu.Now), body);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        // 150 MiB sent; 64 MiB kept at most (256 messages), 4 MiB (16) per device.
        Assert.Equal(64L * 1024 * 1024, emu.Server.Messages.Bytes);
        Assert.Equal(256, emu.Server.Messages.Count);
        Assert.All(emu.Server.Messages.Snapshot().GroupBy(m => m.DeviceId), g => Assert.True(g.Count() <= 16));
    }

    private static string ErrorCodeOf(string hubErrorBody) => hubErrorBody.Split(';')[0];

    private static async Task<(string Hub, string DeviceId)> ProvisionAsync(TestEmulator emu, string registrationId, string? key = null)
    {
        var state = (await emu.ProvisionAsync(registrationId, key)).GetProperty("registrationState");
        return (state.GetProperty("assignedHub").GetString()!, state.GetProperty("deviceId").GetString()!);
    }

    private static Task<HttpResponseMessage> SendAsync(TestEmulator emu, string host, string deviceId, string token, string body, (string Name, string Value)? property = null, string apiVersion = "2020-03-13")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"https://{host}:{emu.Server.Port}/devices/{deviceId}/messages/events?api-version={apiVersion}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Content.Headers.ContentType!.CharSet = null;
        if (token.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        if (property is { } p)
        {
            request.Headers.TryAddWithoutValidation(p.Name, p.Value);
        }

        return emu.Http.SendAsync(request);
    }
}
