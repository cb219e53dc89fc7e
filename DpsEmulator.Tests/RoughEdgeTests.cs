using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NanoDps.Emulator.Cli;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// Issue 16's table, the emulator's rows: help texts, the stop line, the banner of a large
/// enrollment list, the virtual device's demo interval, the hub limit and control characters.
/// </summary>
public sealed partial class RoughEdgeTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("keys", "--help")]
    public async Task Help_shows_each_default_once_and_no_type_name(params string[] arguments)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        Assert.Equal(0, await CommandLine.RunAsync(arguments, stdout, stderr));

        AssertReadableHelp(stdout.ToString());
        Assert.Contains("--data <folder>", stdout.ToString());
    }

    /// <summary>No record or type dump (<c>Type { Name = ... }</c>) and no line that says its default twice.</summary>
    internal static void AssertReadableHelp(string help)
    {
        Assert.True(help.Length > 200, help);
        foreach (var line in help.Split('\n'))
        {
            Assert.DoesNotMatch(TypeDump(), line);
            Assert.True(DefaultWord().Count(line) <= 1, "a default said twice: " + line.Trim());
        }
    }

    [Fact]
    public async Task The_stop_line_says_the_pending_operations_are_kept_and_answered_after_a_restart()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using (var emu = await TestEmulator.StartAsync(o => { o.LoggerFactory = loggerFactory; o.AssignmentDelay = TimeSpan.FromHours(1); }))
        {
            using var answer = await emu.RegisterAsync("pending-1");
            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        }

        var stop = Assert.Single(logs.Text.Split('\n'), l => l.Contains("DPS emulator stopped", StringComparison.Ordinal));
        Assert.DoesNotContain("dropped", stop);
        Assert.Contains("1 pending operation(s) kept", stop);
        Assert.Contains("answered after a restart", stop);
    }

    [Fact]
    public async Task A_thousand_enrollments_make_a_summary_in_the_banner_and_the_commands_stay_in_sight()
    {
        using var folder = new TempFolder();
        await using var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path, Port = 0 });
        for (var i = 0; i < 1010; i++)
        {
            await server.Enrollments.AddOrUpdateIndividualAsync(new IndividualEnrollment { RegistrationId = $"device-{i:D4}", PrimaryKey = SymmetricKeys.GenerateKey(), IotHubs = [] });
        }

        var banner = ReadyBanner.Text(server, VirtualDeviceConfig.Write(server));
        var lines = banner.Split('\n');

        Assert.True(lines.Length < 60, $"{lines.Length} lines:\n{banner}");
        Assert.Contains("1 group(s) and 1010 individual enrollment(s)", banner);
        Assert.Contains("group 'demo-group': enabled", banner);
        Assert.Contains("dotnet run --project VirtualDevice -- --config", banner);
        Assert.Contains("dps-curl-flow.sh", banner);
        Assert.Contains("the dashboard lists them all", banner);
        Assert.DoesNotContain("device-0010", banner);
    }

    [Fact]
    public async Task The_virtual_device_config_the_emulator_writes_sends_telemetry_at_a_demo_interval()
    {
        using var folder = new TempFolder();
        await using var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path, Port = 0 });

        var written = VirtualDeviceConfig.Write(server)!;

        using var config = JsonDocument.Parse(File.ReadAllText(written.Path));
        Assert.Equal(10, config.RootElement.GetProperty("telemetryIntervalSeconds").GetInt32());
    }

    [Fact]
    public async Task An_enrollment_with_more_hubs_than_dps_links_is_refused_with_a_clear_error()
    {
        await using var emu = await TestEmulator.StartAsync(addGroup: false);
        var client = new ServiceClient(emu);
        var hubs = string.Join(",", Enumerable.Range(0, 3000).Select(i => $"\"hub-{i}.dps-emulator.local\""));

        var (status, body, _) = await client.PutAsync("/enrollmentGroups/many-hubs", $$$"""{"attestation":{"type":"symmetricKey","symmetricKey":{"primaryKey":"{{{SymmetricKeys.GenerateKey()}}}"}},"iotHubs":[{{{hubs}}}]}""");

        Assert.Equal(400, status);
        Assert.Contains("3000 iotHubs", body.GetRawText());
        Assert.Contains("at most 50", body.GetRawText());
        Assert.Empty(emu.Server.Enrollments.Groups);

        var fifty = string.Join(",", Enumerable.Range(0, 50).Select(i => $"\"hub-{i}.dps-emulator.local\""));
        var (ok, _, _) = await client.PutAsync("/enrollmentGroups/fifty-hubs", $$$"""{"attestation":{"type":"symmetricKey","symmetricKey":{"primaryKey":"{{{SymmetricKeys.GenerateKey()}}}"}},"iotHubs":[{{{fifty}}}]}""");
        Assert.Equal(200, ok);
    }

    [Fact]
    public void The_console_log_shows_control_characters_escaped()
    {
        var formatter = new OneLineConsoleFormatter(new FixedOptions());
        using var output = new StringWriter();
        var entry = new LogEntry<string>(LogLevel.Information, "NanoDps.Emulator", default, "401 for service API GET /enrollments/\u001b[2J\u001b]0;owned\u0007x\u009b: bad", null, (s, _) => s);

        formatter.Write(entry, null, output);

        var line = output.ToString().TrimEnd('\n');
        Assert.DoesNotMatch(@"[\u0000-\u001f\u007f-\u009f]", line);
        Assert.EndsWith(@"info: 401 for service API GET /enrollments/\u001b[2J\u001b]0;owned\u0007x\u009b: bad", line);
    }

    [Fact]
    public void The_dashboard_feed_shows_control_characters_escaped()
    {
        Assert.Equal(@"a\u001b[31mred\u007f\u0085", Printable.Escape("a\u001b[31mred\u007f\u0085"));
        Assert.Equal("plain é 😀 text", Printable.Escape("plain é 😀 text"));
    }

    [Fact]
    public async Task The_dashboard_feed_holds_no_raw_control_character_from_a_device()
    {
        await using var emu = await TestEmulator.StartAsync();
        var assigned = (await emu.ProvisionAsync("escapes-1")).GetProperty("registrationState");
        await DeviceCalls.SendToHubAsync(emu, assigned.GetProperty("assignedHub").GetString()!, assigned.GetProperty("deviceId").GetString()!,
            emu.DeviceKey("escapes-1"), "\u001b[2J\u001b]0;owned\u0007Result: PROVISIONED");

        using var dashboard = new DashboardClient(emu.Server);
        var state = await dashboard.StateAsync();

        var body = state.GetProperty("hubMessages").GetProperty("devices")[0].GetProperty("lastBody").GetString();
        Assert.Equal(@"\u001b[2J\u001b]0;owned\u0007Result: PROVISIONED", body);
        foreach (var text in Strings(state))
        {
            Assert.DoesNotMatch(@"[\u0000-\u001f\u007f-\u009f]", text);
        }
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Append(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [GeneratedRegex(@"\w+ \{ \w+ = ")]
    private static partial Regex TypeDump();

    [GeneratedRegex(@"[\[(]default\b", RegexOptions.IgnoreCase)]
    private static partial Regex DefaultWord();

    private sealed class FixedOptions : IOptionsMonitor<OneLineConsoleFormatterOptions>
    {
        public OneLineConsoleFormatterOptions CurrentValue { get; } = new();

        public OneLineConsoleFormatterOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<OneLineConsoleFormatterOptions, string?> listener) => null;
    }
}
