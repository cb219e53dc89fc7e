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
    [InlineData("derive-key --registration-id dev-1", "error: Option '--group-key' is required.")]
    [InlineData("sas --id-scope a/b --registration-id dev-1 --key DERIVED --expires 1800000000", "error: --id-scope must be up to 64 printable ASCII characters")]
    [InlineData("sas --id-scope 0ne00ABCDEF --registration-id dev-1 --key abcd --expires 1800000000", "error: --key decodes to 3 bytes; a DPS key has 16 to 64 bytes")]
    [InlineData("sas --id-scope 0ne00ABCDEF --registration-id dev-1 --key DERIVED --expires soon", "error: Cannot parse argument 'soon' for option '--expires'")]
    [InlineData("sas --id-scope 0ne00ABCDEF --registration-id dev-1 --key DERIVED --expires -5", "error: --expires must be the expiry as Unix seconds")]
    [InlineData("sas --id-scope 0ne00ABCDEF --registration-id dev-1 --key DERIVED", "error: Option '--expires' is required.")]
    public async Task Bad_input_names_the_option_and_exits_2(string command, string message)
    {
        string[] args = command.Replace("GROUP", GroupKey, StringComparison.Ordinal).Replace("DERIVED", DerivedKey, StringComparison.Ordinal).Split(' ');

        RunResult run = await _device.CliAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains(message, run.Stderr);
        _device.Secrets.Add("derived key", DerivedKey);
        _device.Check(run);
    }

    public void Dispose() => _device.Dispose();
}
