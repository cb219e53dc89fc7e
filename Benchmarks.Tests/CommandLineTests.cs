using NanoDps.Emulator;

namespace NanoDps.Benchmarks.Tests;

/// <summary>
/// The Benchmarks command line as a user types it (in process, output captured): every bad option or
/// unusable input is one "error:" line naming it, with the exit code docs/exit-codes.md gives, and
/// never BenchmarkDotNet's whole help or a stack trace.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("nanodps-bench-tests-").FullName;

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await Program.RunAsync(args, stdout, stderr);
        Assert.DoesNotContain("   at ", stderr.ToString()); // no stack trace
        Assert.DoesNotContain("Unhandled exception", stderr.ToString());
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Theory]
    [InlineData(new[] { "--bogus" }, "error: unknown option '--bogus'.")]
    [InlineData(new[] { "--filter", "*Core*", "--job", "nonsense" }, "error: The provided base job \"nonsense\" is invalid.")]
    public async Task A_bad_BenchmarkDotNet_option_is_one_line_and_exit_2(string[] args, string message)
    {
        var (code, stdout, stderr) = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith(message, Lines(stderr)[0]);
        Assert.Equal(2, Lines(stderr).Length); // the error, then where the options are
        Assert.StartsWith("Run with --help", Lines(stderr)[1]);
    }

    [Fact]
    public async Task An_artifacts_folder_that_cannot_be_written_is_one_line_and_exit_4()
    {
        string file = Path.Combine(_temp, "a-file");
        File.WriteAllText(file, "x");

        foreach (string artifacts in new[] { file, Path.Combine(file, "below") })
        {
            var (code, _, stderr) = await RunAsync("--filter", "*CoreBenchmarks*", "--job", "Dry", "--artifacts", artifacts);

            Assert.Equal(ExitCodes.Environment, code);
            string line = Assert.Single(Lines(stderr));
            Assert.StartsWith($"error: cannot write the artifacts folder {artifacts} (", line);
            Assert.EndsWith("give a folder you can write to with --artifacts, or run from a writable folder.", line);
        }
    }

    [Fact]
    public async Task Help_shows_each_default_once_and_no_type_name()
    {
        var (code, stdout, _) = await RunAsync("--load", "--help");
        Assert.Equal(ExitCodes.Success, code);
        AssertReadableHelp(stdout);

        // BenchmarkDotNet's own help goes to the process's console: the real program, as a user runs it.
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Benchmarks.dll"));
        info.ArgumentList.Add("--help");
        using var process = System.Diagnostics.Process.Start(info)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string help = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, help + await errors);
        AssertReadableHelp(help);
    }

    private static void AssertReadableHelp(string help)
    {
        Assert.True(help.Length > 200, help);
        foreach (string line in help.Split('\n'))
        {
            Assert.DoesNotMatch(@"\w+ \{ \w+ = ", line);
            Assert.True(System.Text.RegularExpressions.Regex.Count(line, @"[\[(]default\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase) <= 1, "a default said twice: " + line.Trim());
        }
    }

    [Fact]
    public async Task A_filter_that_matches_no_benchmark_is_a_usage_error()
    {
        var (code, _, stderr) = await RunAsync("--filter", "*NoSuchBenchmark*");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("error: --filter *NoSuchBenchmark* matches no benchmark: list them with --list flat, e.g. --filter '*CoreBenchmarks*'.", Lines(stderr).Single());
    }

    [Theory]
    [InlineData(new[] { "--clients", "abc" }, "error: --clients must be a whole number of 1 or more (got 'abc').")]
    [InlineData(new[] { "--seconds", "-1" }, "error: --seconds must be a number of seconds above 0 (got '-1').")]
    [InlineData(new[] { "--seconds", "Infinity" }, "error: --seconds must be a number of seconds above 0 (got 'Infinity').")]
    [InlineData(new[] { "--clients", "Infinity" }, "error: --clients must be a whole number of 1 or more (got 'Infinity').")]
    [InlineData(new[] { "--port", "70000" }, "error: --port must be a port from 1 to 65535 (got '70000').")]
    [InlineData(new[] { "--frobnicate" }, "error: unknown option '--frobnicate'.")]
    [InlineData(new[] { "--external", "" }, "error: --external must name the data folder of a running emulator (got an empty value).")]
    public async Task A_bad_load_option_is_one_line_and_exit_2(string[] args, string message)
    {
        var (code, _, stderr) = await RunAsync(["--load", .. args]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal([message, "Run with --load --help for the options."], Lines(stderr));
    }

    [Fact]
    public async Task An_external_folder_that_is_not_an_emulator_data_folder_is_one_line_and_exit_2()
    {
        string missing = Path.Combine(_temp, "missing");
        var (code, _, stderr) = await RunAsync("--load", "--external", missing);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"error: --external {missing} does not exist; give the data folder of a running emulator (its --data).", Lines(stderr).Single());

        string broken = Directory.CreateDirectory(Path.Combine(_temp, "broken")).FullName;
        File.WriteAllText(Path.Combine(broken, "enrollments.json"), "{ \"idScope\": \"0ne00000A0A\", \"enrollmentGroups\": [] }");
        File.WriteAllText(Path.Combine(broken, "ca.pem"), "not a certificate");
        (code, _, stderr) = await RunAsync("--load", "--external", broken);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.StartsWith($"error: --external {broken} cannot be used (", Lines(stderr).Single());
    }

    [Fact]
    public async Task Service_clients_against_an_external_folder_without_the_connection_string_are_one_line_and_exit_2()
    {
        // A running emulator whose folder lacks service-connection-string.txt: nothing is run.
        string data = Path.Combine(_temp, "no-service-key");
        await using var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = data, Port = 0 });
        File.Delete(server.ServiceConnectionStringPath);

        var (code, stdout, stderr) = await RunAsync("--load", "--external", data, "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--service-clients", "1");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"error: --external {data} has no service-connection-string.txt; give the data folder of a running emulator (its --data).", Lines(stderr).Single());
    }

    [Fact]
    public async Task An_external_emulator_that_is_not_running_is_said_at_once_with_the_command_that_starts_it()
    {
        // A real emulator's data folder (enrollments.json, ca.pem), its emulator stopped; its port is then closed.
        string data = Path.Combine(_temp, "emulator");
        int port;
        await using (var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = data, Port = 0 }))
        {
            port = server.Port;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, _, stderr) = await RunAsync("--load", "--external", data, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(ExitCodes.Failed, code);
        string error = Lines(stderr).Single();
        Assert.StartsWith($"error: the first flow against https://127.0.0.1:{port}/ failed (", error);
        Assert.EndsWith($"start the emulator first: dotnet run -c Release --project DpsEmulator -- --data {data} --port {port} --no-quotas --assignment-delay 0 --assigning-retry-after 0", error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "not after the 20 s warm-up: " + watch.Elapsed);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
