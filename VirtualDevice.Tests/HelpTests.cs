using System.Text.RegularExpressions;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>Every --help of the virtual device: each default said once, in words, and no type name.</summary>
public sealed partial class HelpTests : IDisposable
{
    private readonly DeviceHarness _device = new();

    [Theory]
    [InlineData("--help")]
    [InlineData("derive-key", "--help")]
    [InlineData("sas", "--help")]
    public async Task Help_shows_each_default_once_and_no_type_name(params string[] args)
    {
        _device.Secrets.Add("nothing secret is used here", "not-a-secret-" + Guid.NewGuid());
        RunResult run = await _device.CliAsync(args);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Stdout.Length > 200, run.Stdout);
        foreach (string line in run.Stdout.Split('\n'))
        {
            Assert.DoesNotMatch(TypeDump(), line);
            Assert.True(DefaultWord().Count(line) <= 1, "a default said twice: " + line.Trim());
        }
    }

    public void Dispose() => _device.Dispose();

    [GeneratedRegex(@"\w+ \{ \w+ = ")]
    private static partial Regex TypeDump();

    [GeneratedRegex(@"[\[(]default\b", RegexOptions.IgnoreCase)]
    private static partial Regex DefaultWord();
}
