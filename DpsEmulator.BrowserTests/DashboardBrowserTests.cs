using System.Diagnostics;
using Microsoft.Playwright;
using NanoDps.Emulator.BrowserTests.Support;
using NanoDps.Emulator.Tests.Support;
using Xunit.Abstractions;

namespace NanoDps.Emulator.BrowserTests;

/// <summary>
/// The dashboard in headless Chromium against a real emulator over TLS: devices provisioned by an
/// independent HTTPS client appear without a reload; the fault profile switched and an enrollment
/// disabled from the page change what the next device request gets.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    /// <summary>Set to a PNG path to keep the screenshot of <see cref="The_dashboard_of_a_few_provisioned_devices_renders_every_panel"/> (docs/dashboard.png).</summary>
    public const string ScreenshotVariable = "NANODPS_DASHBOARD_SCREENSHOT";

    [SkippableFact]
    public async Task Devices_appear_live_and_the_fault_switch_and_disable_buttons_change_the_next_request()
    {
        HeadlessChromium.RequireInstalled();
        await using var emu = await TestEmulator.StartAsync(o => o.RetryAfterSeconds = 0, fakeTime: false);
        await using var chromium = await HeadlessChromium.LaunchAsync(emu.Server);
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(emu.Server.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live");
        await page.EvaluateAsync("() => { window.sameDocument = 'not reloaded'; }");

        // 1. A device provisioned by another client shows up, with its hub, without a reload.
        var assigned = (await emu.ProvisionAsync("browser-1")).GetProperty("registrationState");
        var watch = Stopwatch.StartNew();
        var row = page.Locator("#registrations tr[data-registration-id='browser-1']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        output.WriteLine($"browser-1 appeared {watch.ElapsedMilliseconds} ms after its 200 assigned (Chromium {chromium.Version})");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync(assigned.GetProperty("assignedHub").GetString()!);

        // 2. Switch to server-errors with a seed whose first draw is a 5xx: the next register fails so, for the client and on the page.
        var seed = Enumerable.Range(0, 1000).First(s => FaultProfile.ServerErrors.Preview(s, 1)[0] is FaultKind.InternalServerError or FaultKind.ServiceUnavailable);
        await page.SelectOptionAsync("#fault-profile", "server-errors");
        await page.FillAsync("#fault-seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#fault-apply");
        await Assertions.Expect(page.Locator("#fault-current")).ToHaveTextAsync($"in force: server-errors (seed {seed})");
        Assert.Equal(("server-errors", seed), (emu.Server.CurrentFaults.Profile.Name, emu.Server.CurrentFaults.Seed));
        using (var failed = await emu.RegisterAsync("browser-2"))
        {
            var status = (int)failed.StatusCode;
            Assert.Contains(status, new[] { 500, 503 });
            var faulted = page.Locator($"#requests tr[data-registration-id='browser-2'][data-fault='server-error-{status}']");
            await Assertions.Expect(faulted).ToBeVisibleAsync();
            await Assertions.Expect(faulted.Locator("td").Nth(3)).ToHaveTextAsync(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await page.SelectOptionAsync("#fault-profile", "none");
        await page.ClickAsync("#fault-apply");
        await Assertions.Expect(page.Locator("#fault-current")).ToHaveTextAsync($"in force: none (seed {seed})");

        // 3. Disable the group from the page: the next register is refused (disabled), for the client and on the page.
        var group = page.Locator("#enrollments tr[data-enrollment='group-1']");
        await group.Locator("button.toggle").ClickAsync();
        await Assertions.Expect(group).ToHaveAttributeAsync("data-status", "disabled");
        Assert.False(emu.Server.Enrollments.Groups.Single().Enabled);
        Assert.Equal("disabled", await DeviceCalls.RegisterOutcomeAsync(emu, "browser-3"));
        await Assertions.Expect(page.Locator("#requests tr[data-registration-id='browser-3'] td").Nth(5).First).ToHaveTextAsync("disabled");
        Assert.Null(emu.Server.GetRegistration("browser-3"));

        // 4. Enable it again from the page: the device gets in.
        await group.Locator("button.toggle").ClickAsync();
        await Assertions.Expect(group).ToHaveAttributeAsync("data-status", "enabled");
        Assert.Equal("assigned", await DeviceCalls.RegisterOutcomeAsync(emu, "browser-3"));
        await Assertions.Expect(page.Locator("#registrations tr[data-registration-id='browser-3']")).ToBeVisibleAsync();

        // All of it in one document: no reload happened.
        Assert.Equal("not reloaded", await page.EvaluateAsync<string>("() => window.sameDocument"));
        var content = await page.ContentAsync();
        Assert.DoesNotContain(emu.GroupKey, content);
        Assert.DoesNotContain(emu.DeviceKey("browser-1"), content);
    }

    [SkippableFact]
    public async Task A_128_character_enrollment_id_wraps_and_its_button_stays_in_sight()
    {
        HeadlessChromium.RequireInstalled();
        await using var emu = await TestEmulator.StartAsync(fakeTime: false);
        var id = "long-" + new string('x', 123);
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment { RegistrationId = id, PrimaryKey = SymmetricKeys.GenerateKey(), IotHubs = [] });
        await using var chromium = await HeadlessChromium.LaunchAsync(emu.Server);
        var page = await chromium.NewPageAsync();
        await page.SetViewportSizeAsync(1024, 800);
        await page.GotoAsync(emu.Server.BaseAddress.ToString());

        var button = page.Locator($"#enrollments tr[data-enrollment='{id}'] button.toggle");
        await Assertions.Expect(button).ToBeVisibleAsync();
        var box = (await button.BoundingBoxAsync())!;
        var section = (await page.Locator("#enrollments-section").BoundingBoxAsync())!;
        Assert.True(box.X + box.Width <= section.X + section.Width, $"the button ends at {box.X + box.Width} px, the panel at {section.X + section.Width} px");
    }

    [SkippableFact]
    public async Task The_dashboard_of_a_few_provisioned_devices_renders_every_panel()
    {
        HeadlessChromium.RequireInstalled();
        await using var emu = await TestEmulator.StartAsync(o => o.RetryAfterSeconds = 0, fakeTime: false);
        var soloKey = SymmetricKeys.GenerateKey();
        await emu.Server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment
        {
            RegistrationId = "bench-rig-7", DeviceId = "bench-rig-7", PrimaryKey = soloKey, IotHubs = ["hub-3.dps-emulator.local"], AllocationPolicy = AllocationPolicy.Static,
        });
        await using var chromium = await HeadlessChromium.LaunchAsync(emu.Server);
        string[] devices = ["nanodps-a4cf12b0c1d2", "nanodps-a4cf12b0c3e4", "nanodps-a4cf12b0c5f6", "nanodps-30aea4077a18"];
        foreach (var id in devices)
        {
            var state = (await emu.ProvisionAsync(id, body: $"{{\"registrationId\":\"{id}\",\"payload\":{{\"modelId\":\"dtmi:nanodps:esp32;1\"}}}}")).GetProperty("registrationState");
            await DeviceCalls.SendToHubAsync(emu, state.GetProperty("assignedHub").GetString()!, id, emu.DeviceKey(id), $"{{\"temperature\":{21 + id.Length % 5}.5,\"uptime\":42}}");
        }

        var solo = (await emu.ProvisionAsync("bench-rig-7", key: soloKey)).GetProperty("registrationState");
        await DeviceCalls.SendToHubAsync(emu, solo.GetProperty("assignedHub").GetString()!, "bench-rig-7", soloKey, "{\"firmware\":\"1.4.0\",\"status\":\"ready\"}");
        using (await emu.RegisterAsync("nanodps-unknown0001", emu.Token("nanodps-unknown0001", key: emu.GroupKey)))
        {
            // signed with the group key itself: 401, with the reason in the request log
        }

        var page = await chromium.NewPageAsync();
        await page.GotoAsync(emu.Server.BaseAddress.ToString());
        await Assertions.Expect(page.Locator("#registrations tbody tr")).ToHaveCountAsync(devices.Length + 1);
        await Assertions.Expect(page.Locator("#messages tbody tr")).ToHaveCountAsync(devices.Length + 1);
        await Assertions.Expect(page.Locator("#enrollments tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#requests tr[data-status='401']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#quotas")).ToContainTextAsync("of 1000 per minute");

        var path = Environment.GetEnvironmentVariable(ScreenshotVariable) is { Length: > 0 } asked ? Path.GetFullPath(asked) : Path.Combine(Path.GetTempPath(), $"dashboard-{Guid.NewGuid():N}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        var png = await File.ReadAllBytesAsync(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        output.WriteLine($"screenshot: {path} ({png.Length} bytes)");
        if (Environment.GetEnvironmentVariable(ScreenshotVariable) is not { Length: > 0 })
        {
            File.Delete(path);
        }
    }
}
