using System.Diagnostics;
using Xunit;

namespace NanoDps.FleetSim.Tests;

/// <summary>FleetSim's command line as a user meets it: the real program in its own process and working folder.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fleet-sim-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("--devices -5", "error: --devices must be a whole number of 1 or more (got -5).")]
    [InlineData("--devices 0", "error: --devices must be a whole number of 1 or more (got 0).")]
    [InlineData("--devices abc", "error: --devices must be a whole number of 1 or more (got abc).")]
    [InlineData("--rtt-ms -1", "error: --rtt-ms must be a whole number of 0 or more (got -1).")]
    [InlineData("--policies bogus", "error: --policies: 'bogus' is not a policy: use ours, sdk-c, identity-service or naive-fixed.")]
    [InlineData("--jitter-percent 101", "error: --jitter-percent must be a whole number from 1 to 100 (got 101).")]
    [InlineData("--assignment-delay soon", "error: --assignment-delay must be a number of seconds of 0 or more, like 2 or 0.5 (got soon).")]
    [InlineData("--retry-after 3", "error: --retry-after is ambiguous: use --assigning-retry-after (202) or --throttle-retry-after (429).")]
    [InlineData("sweep --retry-after 3", "error: --retry-after is ambiguous: use --assigning-retry-after (202) or --throttle-retry-after (429).")]
    [InlineData("emulator --retry-after 3", "error: --retry-after is ambiguous: use --assigning-retry-after (202) or --throttle-retry-after (429).")]
    [InlineData("sweep --fleets 300@", "error: --fleets: '300@' is not a fleet: write the number of boards (3000), or boards@registrations-per-minute (300@100).")]
    [InlineData("sweep --include 24/130", "error: --include: '24/130' is not a back-off setting: write first-window/cap/jitter-percent in seconds and percent (24/130/75), optionally with /growth-after-failures/growth-seconds (20/100/75/6/10) and /late-jitter-percent (20/95/70/6/7.5/50).")]
    [InlineData("--bogus", "error: unknown option '--bogus'.")]
    [InlineData("sweep --bogus", "error: unknown option '--bogus'.")]
    [InlineData("bogus", "error: unexpected argument 'bogus' (options start with --; the commands are sweep and emulator).")]
    [InlineData("--devices", "error: --devices needs a value, e.g. --devices=VALUE.")]
    [InlineData("emulator --request-timeout 0.5", "error: --request-timeout must be a number of seconds of 1 or more, like 30 or 1.5 (got 0.5).")]
    [InlineData("emulator --assigning-retry-after -1", "error: --assigning-retry-after must be 0 or more here: the emulator always sends Retry-After with a 202.")]
    public void A_bad_value_is_one_line_naming_the_option_and_the_fix_with_exit_code_2(string args, string message)
    {
        var (exit, stdout, stderr) = Run(args.Split(' '));
        Assert.Equal(2, exit);
        Assert.Equal([message, "Run with --help for the options."], Lines(stderr));
        AssertNoStackTrace(stdout + stderr);
        Assert.False(Directory.Exists(Path.Combine(_folder, ".fleet-sim")), "nothing runs after a usage error");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("sweep", "--help")]
    [InlineData("emulator", "--help")]
    public void Help_shows_each_default_once_and_no_type_name(params string[] args)
    {
        var (exit, stdout, _) = Run(args);

        Assert.Equal(0, exit);
        Assert.True(stdout.Length > 200, stdout);
        foreach (string line in stdout.Split('\n'))
        {
            Assert.DoesNotMatch(@"\w+ \{ \w+ = ", line);
            Assert.True(System.Text.RegularExpressions.Regex.Count(line, @"[\[(]default\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase) <= 1, "a default said twice: " + line.Trim());
        }
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_is_exit_code_4_with_one_line_and_details_only_with_verbose()
    {
        // A folder below a file cannot be created, even by root.
        string file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "x");
        string target = Path.Combine(file, "out");

        var (exit, stdout, stderr) = Run("--out", target, "--quick", "--devices", "10");
        Assert.Equal(4, exit);
        string line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"error: --out: cannot write to {target} (", line);
        Assert.EndsWith("): give a folder you can write to.", line);
        AssertNoStackTrace(stdout + stderr);

        var (verboseExit, _, verboseErr) = Run("--out", target, "--quick", "--devices", "10", "--verbose");
        Assert.Equal(4, verboseExit);
        Assert.Contains("   at ", verboseErr);
    }

    [Fact]
    public void By_default_a_run_writes_to_the_self_ignoring_scratch_folder_and_leaves_docs_alone()
    {
        string docs = Directory.CreateDirectory(Path.Combine(_folder, "docs")).FullName;
        File.WriteAllText(Path.Combine(docs, "fleet-results.md"), "committed");

        var (exit, stdout, _) = Run("--quick", "--devices", "50", "--policies", "ours", "--threads", "1");
        Assert.Equal(0, exit);
        Assert.Contains("report: ", stdout);
        Assert.Equal("committed", File.ReadAllText(Path.Combine(docs, "fleet-results.md")));
        Assert.Single(Directory.GetFiles(docs));
        string scratch = Path.Combine(_folder, ".fleet-sim");
        Assert.Contains("# Fleet simulation results", File.ReadAllText(Path.Combine(scratch, "fleet-results.md")));
        Assert.True(File.Exists(Path.Combine(scratch, "fleet-50.png")));
        Assert.Contains("*", File.ReadAllLines(Path.Combine(scratch, ".gitignore")));
    }

    [Fact]
    public void Write_docs_writes_the_repository_docs_and_refuses_outside_a_repository_or_with_out()
    {
        var (outside, _, outsideErr) = Run("--quick", "--devices", "20", "--policies", "ours", "--write-docs");
        Assert.Equal(2, outside);
        Assert.StartsWith("error: --write-docs writes to the repository's docs/ folder, but there is no nanoDps.sln in ", Lines(outsideErr)[0]);

        var (both, _, bothErr) = Run("--quick", "--devices", "20", "--policies", "ours", "--write-docs", "--out", "x");
        Assert.Equal(2, both);
        Assert.Equal("error: --write-docs and --out both say where to write: give one of them.", Lines(bothErr)[0]);

        File.WriteAllText(Path.Combine(_folder, "nanoDps.sln"), string.Empty);
        string inner = Directory.CreateDirectory(Path.Combine(_folder, "FleetSim")).FullName;
        var (exit, _, _) = RunIn(inner, "--quick", "--devices", "20", "--policies", "ours", "--write-docs", "--threads", "1");
        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(_folder, "docs", "fleet-results.md")));
        Assert.False(Directory.Exists(Path.Combine(inner, ".fleet-sim")));
    }

    [Fact]
    public void The_DPS_options_have_the_names_every_tool_uses_and_one_quota_sets_its_bursts()
    {
        var (exit, _, stderr) = Run(
            "--quick", "--devices", "40", "--policies", "ours", "--threads", "1",
            "--registrations-per-minute", "100", "--throttle-retry-after", "7", "--assigning-retry-after", "4", "--assignment-delay", "0.5", "--polls-per-device", "4");
        Assert.True(exit == 0, stderr);
        string report = File.ReadAllText(Path.Combine(_folder, ".fleet-sim", "fleet-results.md"));
        Assert.Contains("DPS: 100 registrations/min (burst 10), 100 operations/min (burst 10), 4 polls per 10 s per device, 429 with Retry-After 7 s, assignment 0.5 s after the PUT, 202 with Retry-After 4 s;", report);
    }

    [Fact]
    public void Version_and_help_answer_and_exit_0()
    {
        var (exit, stdout, _) = Run("--version");
        Assert.Equal(0, exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.Trim());

        var (helpExit, help, _) = Run("--help");
        Assert.Equal(0, helpExit);
        foreach (string option in new[] { "--registrations-per-minute", "--throttle-retry-after", "--assigning-retry-after", "--assignment-delay", "--write-docs", "Exit codes" })
        {
            Assert.Contains(option, help);
        }

        Assert.DoesNotContain("--retry-after ", help);
    }

    [Fact]
    public async Task Ctrl_C_during_the_emulator_comparison_ends_the_boards_and_exits_130_with_one_line()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { typeof(Cli.CommandLine).Assembly.Location, "emulator", "--devices", "20", "--registrations-per-minute", "60" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.Contains("boards against the emulator", await process.StandardOutput.ReadLineAsync());
        await Task.Delay(3000);
        using (Process kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            kill.WaitForExit();
        }

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "FleetSim did not stop within 30 s of Ctrl+C");
        Assert.Equal(130, process.ExitCode);
        Assert.Equal(["stopped (Ctrl+C): the boards' flows were ended, nothing was written."], Lines(await stderr));
        Assert.False(File.Exists(Path.Combine(_folder, ".fleet-sim", "fleet-emulator-20.md")));
    }

    private static void AssertNoStackTrace(string text)
    {
        Assert.DoesNotContain("Unhandled exception", text);
        Assert.DoesNotContain("   at ", text);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private (int Exit, string Stdout, string Stderr) Run(params string[] args) => RunIn(_folder, args);

    private static (int Exit, string Stdout, string Stderr) RunIn(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(Cli.CommandLine).Assembly.Location);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "FleetSim did not end within 2 minutes");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
