using NanoDps.Emulator;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// Bad input, through the command line as a user types it: every problem is printed with its field
/// (or option) name, the exit code is 2, and the flash folder is not touched (not even created).
/// </summary>
public sealed class ConfigErrorTests : IDisposable
{
    private readonly DeviceHarness _device = new();
    private readonly string _groupKey = SymmetricKeys.GenerateKey();

    public ConfigErrorTests()
    {
        _device.Secrets.AddGroupKey(_groupKey);
    }

    private async Task<RunResult> RunAsync(params string[] args)
    {
        RunResult run = _device.Check(await _device.CliAsync([.. args, "--flash", _device.Flash]));
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.False(Directory.Exists(_device.Flash), "the flash folder was touched");
        Assert.DoesNotContain("Virtual ESP32", run.Stdout);
        return run;
    }

    private string Write(string name, string text)
    {
        string path = _device.Temp.Sub(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_missing_config_file_is_named()
    {
        RunResult run = await RunAsync("--config", _device.Temp.Sub("nope.json"));
        Assert.Contains("nope.json: does not exist", run.Stderr);
        Assert.Contains("the flash folder was not touched", run.Stderr);
    }

    [Fact]
    public async Task A_folder_instead_of_a_file_is_reported()
    {
        RunResult run = await RunAsync("--config", _device.Temp.Path);
        Assert.Contains("is a folder, not a file", run.Stderr);
    }

    [Fact]
    public async Task A_JSON_syntax_error_names_its_line_and_position()
    {
        string path = Write("device.json", "{\n  \"idScope\": \"0ne00ABCDEF\",\n  \"groupKey\" \"" + _groupKey + "\"\n}\n");
        RunResult run = await RunAsync("--config", path);
        Assert.Contains("device.json: is not valid JSON at line 3, position 14:", run.Stderr);
    }

    [Fact]
    public async Task A_file_that_is_not_an_object_is_reported()
    {
        RunResult run = await RunAsync("--config", Write("device.json", "[1, 2]"));
        Assert.Contains("device.json: must hold one JSON object", run.Stderr);
    }

    [Fact]
    public async Task Every_invalid_field_is_reported_at_once_with_its_name()
    {
        string path = Write("device.json", $$"""
            {
              "wifiSsid": "home",
              "wifiPassword": "hunter22",
              "idScope": "",
              "endpoint": "https://global.azure-devices-provisioning.net/",
              "apiVersion": "latest",
              "groupKey": "{{_groupKey}}",
              "deviceKey": "{{_groupKey}}",
              "registrationId": "Sensor-1",
              "sasTtlSeconds": "3600",
              "deadlineSeconds": 5,
              "payload": [1, 2],
              "idScop": "typo"
            }
            """);
        _device.Secrets.Add("Wi-Fi password", "hunter22");

        RunResult run = await RunAsync("--config", path);

        Assert.Contains("cannot be used (8 problems)", run.Stderr);
        Assert.Contains("  idScope: is missing", run.Stderr);
        Assert.Contains("  endpoint: must be a host name only", run.Stderr);
        Assert.Contains("  apiVersion: must be a date like 2021-10-01", run.Stderr);
        Assert.Contains("  groupKey: and deviceKey are both set", run.Stderr);
        Assert.Contains("  registrationId: has uppercase 'S' at position 1; use lowercase", run.Stderr);
        Assert.Contains("  sasTtlSeconds: must be a whole number of seconds, without quotes", run.Stderr);
        Assert.Contains("  deadlineSeconds: is 5; it must be from 30 to 86400", run.Stderr);
        Assert.Contains("  payload: must be a JSON object", run.Stderr);
        Assert.Contains("note: unknown field \"idScop\" is ignored", run.Stderr);
        Assert.Contains("note: wifiSsid and wifiPassword are ignored", run.Stderr);
    }

    [Fact]
    public async Task A_bad_key_is_reported_without_repeating_it()
    {
        string badKey = _groupKey[..^4] + "!!!!";
        _device.Secrets.Add("bad key", badKey);
        string path = Write("device.json", $$"""{ "idScope": "0ne00ABCDEF", "groupKey": "{{badKey}}" }""");

        RunResult run = await RunAsync("--config", path);

        Assert.Contains("groupKey: is not base64: character 85 is not allowed", run.Stderr);
    }

    [Fact]
    public async Task Emulator_options_do_not_go_with_a_config()
    {
        string path = Write("device.json", $$"""{ "idScope": "0ne00ABCDEF", "groupKey": "{{_groupKey}}" }""");
        RunResult run = await RunAsync("--config", path, "--emulator-faults", "slow");
        Assert.Contains("error: --emulator-faults, --emulator-seed and --emulator-data apply to the run against the embedded emulator, not to --config: leave them out", run.Stderr);
    }

    [Fact]
    public async Task An_unknown_fault_profile_lists_the_known_ones()
    {
        RunResult run = await RunAsync("--emulator-faults", "meteor-strike");
        Assert.Contains("error: --emulator-faults must be one of none, throttle-storm, server-errors, connection-resets, slow, malformed, chaos (got 'meteor-strike').", run.Stderr);
    }

    [Fact]
    public async Task A_bad_route_is_reported()
    {
        RunResult run = await RunAsync("--resolve", "localhost:8443");
        Assert.Contains("error: --resolve must be HOST=ADDRESS:PORT, like hub-1.dps-emulator.local=127.0.0.1:8443 (got 'localhost:8443').", run.Stderr);
    }

    [Fact]
    public async Task A_missing_root_certificate_file_is_reported()
    {
        string path = Write("device.json", $$"""{ "idScope": "0ne00ABCDEF", "groupKey": "{{_groupKey}}" }""");
        RunResult run = await RunAsync("--config", path, "--ca", _device.Temp.Sub("missing.pem"));
        Assert.Contains("cannot read the root certificate", run.Stderr);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        RunResult run = await RunAsync("--frobnicate");
        Assert.Equal("error: unknown option '--frobnicate'.\nRun with --help for the options.", run.Stderr.ReplaceLineEndings("\n").Trim());
    }

    [Theory]
    [InlineData(new[] { "--emulator-seed", "abc" }, "error: --emulator-seed must be a whole number, like 7 (got 'abc').")]
    [InlineData(new[] { "--clock-offset", "1h" }, "error: --clock-offset must be a whole number of seconds, like 3600 or -7200 (got '1h').")]
    [InlineData(new[] { "--app-messages", "y" }, "error: --app-messages must be a whole number of 0 or more (got 'y').")]
    [InlineData(new[] { "--app-messages", "-1" }, "error: --app-messages must be a whole number of 0 or more (got '-1').")]
    [InlineData(new[] { "--config", "" }, "error: --config must name a file (got an empty value).")]
    [InlineData(new[] { "--emulator-data", "" }, "error: --emulator-data must name a folder (got an empty value).")]
    [InlineData(new[] { "--ca", "" }, "error: --ca must name a PEM file (got an empty value).")]
    public async Task A_bad_value_is_one_line_naming_the_option_what_it_needs_and_what_it_got(string[] args, string message)
    {
        RunResult run = await RunAsync(args);
        Assert.Equal(message + "\nRun with --help for the options.", run.Stderr.ReplaceLineEndings("\n").Trim());
    }

    [Theory]
    [InlineData(new[] { "--flash", "" }, "error: --flash must name a folder (got an empty value).")]
    [InlineData(new[] { "--config" }, "error: --config needs a value, e.g. --config=VALUE (see --help).")]
    [InlineData(new[] { "--flash=" }, "error: --flash needs a value, e.g. --flash=VALUE (see --help).")]
    public async Task A_missing_or_empty_value_is_one_line(string[] args, string message)
    {
        RunResult run = _device.Check(await _device.CliAsync(args));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(message + "\nRun with --help for the options.", run.Stderr.ReplaceLineEndings("\n").Trim());
    }

    public void Dispose() => _device.Dispose();
}
