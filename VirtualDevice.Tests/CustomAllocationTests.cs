using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NanoDps.Emulator;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// A custom allocation webhook's answer reaches the device: the hub it picked, and its payload in the
/// device's answer, the summary and the stored record, which a later boot hands over without DPS.
/// </summary>
public sealed class CustomAllocationTests : IDisposable
{
    private const string Payload = """{"site":"plant-7","interval":30}""";

    private readonly DeviceHarness _device = new();

    [Fact]
    public async Task The_webhooks_hub_and_payload_reach_the_device_and_stay_in_its_record()
    {
        await using var webhook = await StartWebhookAsync();
        await using var dps = await TestEmulator.StartAsync();
        var group = dps.Server.Enrollments.Groups.Single(g => g.EnrollmentGroupId == "group-1");
        var url = new Uri(new Uri(webhook.Urls.First()), "api/allocate?code=key-1").ToString();
        await dps.Server.Enrollments.AddOrUpdateGroupAsync(group with
        {
            AllocationPolicy = AllocationPolicy.Custom,
            CustomAllocationDefinitionJson = new JsonObject { ["webhookUrl"] = url, ["apiVersion"] = "2021-10-01" }.ToJsonString(),
        });
        var options = _device.Options(dps, _device.Config(dps));

        RunResult first = await _device.RunAsync(options);

        Assert.True(first.ExitCode == 0, first.ToString());
        var record = DeviceHarness.StoredRecord(_device.Flash)!;
        Assert.Equal(TestEmulator.Hub2, record.AssignedHub);
        Assert.Equal(Payload, record.PayloadJson);
        Assert.Contains(RunPrinterField("DPS payload") + Payload, first.Stdout);
        Assert.Single(dps.Server.RequestLog.Snapshot(), e => e.Kind == RequestKind.Webhook && e.Status == 200);

        RunResult second = await _device.RunAsync(options);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Result: ALREADY PROVISIONED", second.Stdout);
        Assert.Contains(RunPrinterField("DPS payload") + Payload, second.Stdout);
    }

    public void Dispose() => _device.Dispose();

    private static string RunPrinterField(string name) => Cli.RunPrinter.Field(name);

    // The smallest webhook: every device to the second linked hub, with a payload for it.
    private static async Task<WebApplication> StartWebhookAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/api/allocate", async (HttpContext context) =>
        {
            var request = await JsonNode.ParseAsync(context.Request.Body);
            var hub = (string?)request?["linkedHubs"]?[1];
            return Results.Text($$"""{"iotHubHostName":"{{hub}}","payload":{{Payload}}}""", "application/json");
        });
        await app.StartAsync();
        return app;
    }
}
