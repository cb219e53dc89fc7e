using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// derive-key and sas print exactly the key or the token, equal to independent computations, and
/// refuse bad input with a message naming the option, exit code 2 and nothing on standard output.
/// </summary>
public sealed class ToolTests : IDisposable
{
    // Vectors computed with openssl, independent of this code:
    // printf %s nanodps-a0b1c2d3e4f5 | openssl sha256 -mac HMAC -macopt hexkey:$(printf %s "$GROUP_KEY" | base64 -d | xxd -p -c 1000) -binary | base64
    private const string GroupKey = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODkrLw==";
    private const string RegistrationId = "nanodps-a0b1c2d3e4f5";
    private const string DerivedKey = "jx5ZpYIOa1IxvrGQiPqwUCgw9z0mXacZO6s5EvbjBKQ=";

    // SR=0ne00ABCDEF%2Fregistrations%2Fnanodps-a0b1c2d3e4f5; SE=1800000000
    // printf '%s\n%s' "$SR" "$SE" | openssl sha256 -mac HMAC -macopt hexkey:$(printf %s "$DERIVED_KEY" | base64 -d | xxd -p -c 1000) -binary | base64
    //   = zdS+J6dyp6FS4xT7Xokhl6jacF7KmNd8azp7tbAITjQ=, url-encoded with upper-case hex as the core documents
    private const string Token = "SharedAccessSignature sr=0ne00ABCDEF%2Fregistrations%2Fnanodps-a0b1c2d3e4f5&sig=zdS%2BJ6dyp6FS4xT7Xokhl6jacF7KmNd8azp7tbAITjQ%3D&se=1800000000&skn=registration";

    private readonly DeviceHarness _device = new();

    public ToolTests()
    {
        _device.Secrets.AddGroupKey(GroupKey);
        _device.Secrets.AddRegistrationId(RegistrationId);
    }

    [Fact]
    public async Task Derive_key_prints_only_the_derived_key()
    {
        RunResult run = await _device.CliAsync("derive-key", "--group-key", GroupKey, "--registration-id", RegistrationId);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(DerivedKey + Environment.NewLine, run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Equal(DerivedKey, Secrets.DeriveKey(GroupKey, RegistrationId));
    }

    [Fact]
    public async Task Sas_prints_only_the_token()
    {
        RunResult run = await _device.CliAsync("sas", "--id-scope", "0ne00ABCDEF", "--registration-id", RegistrationId, "--key", DerivedKey, "--expires", "1800000000");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Token + Environment.NewLine, run.Stdout);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Theory]
    [InlineData("derive-key --group-key abc --registration-id dev-1", "error: --group-key is not base64: its length (3) is not a multiple of 4")]
    [InlineData("derive-key --group-key QUJDRA== --registration-id dev-1", "error: --group-key decodes to 4 bytes; a DPS key has 16 to 64 bytes")]
    [InlineData("derive-key --group-key GROUP --registration-id Dev-1", "error: --registration-id has uppercase 'D' at position 1; use lowercase")]
    [InlineData("derive-key --group-key GROUP --registration-id dev_", "error: --registration-id must end with a letter or digit")]
    [InlineData("derive-key --registration-id dev-1", "error: --group-key is missing: give the enrollment group's key on standard input with '--group-key -', or in the environment variable NANODPS_GROUP_KEY")]
    [InlineData("derive-key --group-key GROUP", "error: --registration-id is missing: it is required (see --help).")]
    [InlineData("sas --id-scope a/b --registration-id dev-1 --key DERIVED --expires 1800000000", "error: --id-scope must be up to 64 printable ASCII characters")]
    [InlineData("sas --id-scope 0ne00ABCDEF --registration-id dev-1 --key abcd --expires 1800000000", "error: --key decodes to 3 bytes; a DPS key has 16 to 64 bytes")]
    [InlineData("sas --id-scope 0ne00ABCDEF --registration-id dev-1 --key DERIVED --expires soon", "error: --expires must be the expiry as Unix seconds, like $(date -d '+1 hour' +%s) (got 'soon').")]
    [InlineData("sas --id-scope 0ne00ABCDEF --registration-id dev-1 --key EMPTY --expires 1800000000", "error: --key is empty")]
    [InlineData("sas --id-scope 0ne00ABCDEF --registration-id dev-1 --expires 1800000000", "error: --key is missing: give the device key on standard input with '--key -', or in the environment variable NANODPS_KEY")]
    [InlineData("sas --id-scope 0ne00ABCDEF --registration-id dev-1 --key DERIVED --expires -5", "error: --expires must be the expiry as Unix seconds")]
    [InlineData("sas --id-scope 0ne00ABCDEF --registration-id dev-1 --key DERIVED", "error: --expires is missing: it is required (see --help).")]
    public async Task Bad_input_names_the_option_and_exits_2(string command, string message)
    {
        string[] args = [.. command.Replace("GROUP", GroupKey, StringComparison.Ordinal).Replace("DERIVED", DerivedKey, StringComparison.Ordinal).Split(' ')
            .Select(arg => arg == "EMPTY" ? string.Empty : arg)];

        RunResult run = await _device.CliAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains(message, run.Stderr);
        Assert.DoesNotContain("groupKey", run.Stderr); // options are named as options, never as config fields
        Assert.DoesNotContain("deviceKey", run.Stderr);
        _device.Secrets.Add("derived key", DerivedKey);
        _device.Check(run);
    }

    [Fact]
    public async Task Keys_can_come_from_standard_input_or_the_environment_so_they_stay_out_of_the_shell_history()
    {
        // (The derived key is these runs' result: their standard output is not checked for it.)
        RunResult piped = await _device.CliAsync(["derive-key", "--group-key", "-", "--registration-id", RegistrationId], input: GroupKey + "\n");
        Assert.Equal((0, DerivedKey + Environment.NewLine, string.Empty), (piped.ExitCode, piped.Stdout, piped.Stderr));

        RunResult fromEnvironment = await _device.CliAsync(
            ["derive-key", "--registration-id", RegistrationId], environment: new Dictionary<string, string> { ["NANODPS_GROUP_KEY"] = GroupKey });
        Assert.Equal((0, DerivedKey + Environment.NewLine, string.Empty), (fromEnvironment.ExitCode, fromEnvironment.Stdout, fromEnvironment.Stderr));

        RunResult sas = await _device.CliAsync(["sas", "--id-scope", "0ne00ABCDEF", "--registration-id", RegistrationId, "--key", "-", "--expires", "1800000000"], input: DerivedKey + "\n");
        Assert.Equal((0, Token + Environment.NewLine, string.Empty), (sas.ExitCode, sas.Stdout, sas.Stderr));

        RunResult sasFromEnvironment = await _device.CliAsync(
            ["sas", "--id-scope", "0ne00ABCDEF", "--registration-id", RegistrationId, "--expires", "1800000000"], environment: new Dictionary<string, string> { ["NANODPS_KEY"] = DerivedKey });
        Assert.Equal((0, Token + Environment.NewLine), (sasFromEnvironment.ExitCode, sasFromEnvironment.Stdout));
    }

    [Theory]
    [InlineData("", "error: --group-key -: standard input held no key; pipe it in, e.g. --group-key - < key.txt, or type it when asked.")]
    [InlineData("abc\n", "error: the key on standard input (--group-key -) is not base64: its length (3) is not a multiple of 4")]
    public async Task A_bad_key_on_standard_input_is_named_by_where_it_came_from(string input, string message)
    {
        RunResult run = _device.Check(await _device.CliAsync(["derive-key", "--group-key", "-", "--registration-id", RegistrationId], input: input));
        Assert.Equal((ExitCodes.Usage, string.Empty), (run.ExitCode, run.Stdout));
        Assert.Equal(message, run.Stderr.Trim());
    }

    [Fact]
    public async Task A_bad_key_in_the_environment_is_named_by_its_variable()
    {
        RunResult run = _device.Check(await _device.CliAsync(
            ["derive-key", "--registration-id", RegistrationId], environment: new Dictionary<string, string> { ["NANODPS_GROUP_KEY"] = "QUJDRA==" }));
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("error: NANODPS_GROUP_KEY decodes to 4 bytes; a DPS key has 16 to 64 bytes", run.Stderr.Trim());
    }

    public void Dispose() => _device.Dispose();
}
