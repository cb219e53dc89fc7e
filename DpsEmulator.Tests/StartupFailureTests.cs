using System.Net;
using System.Net.Sockets;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// The command-line emulator refuses bad input and a refusing environment with one line on stderr
/// naming the cause and the fix, never a stack trace, and the exit codes of docs/emulator.md:
/// 2 usage or input, 4 environment.
/// </summary>
public sealed class StartupFailureTests
{
    [Theory]
    [InlineData(new[] { "--port", "abc" }, "error: --port must be a whole number from 0 to 65535 (got 'abc').")]
    [InlineData(new[] { "--port=70000" }, "error: --port must be a whole number from 0 to 65535 (got '70000').")]
    [InlineData(new[] { "--throttle-retry-after", "-1" }, "error: --throttle-retry-after must be a whole number from 0 to 3600 (got '-1').")]
    [InlineData(new[] { "--assigning-retry-after=x" }, "error: --assigning-retry-after must be a whole number from 0 to 3600 (got 'x').")]
    [InlineData(new[] { "--assignment-delay", "soon" }, "error: --assignment-delay must be a number of seconds from 0 to 86400, like 2 or 0.5 (got 'soon').")]
    [InlineData(new[] { "--assignment-delay=-Infinity" }, "error: --assignment-delay must be a number of seconds from 0 to 86400, like 2 or 0.5 (got '-Infinity').")]
    [InlineData(new[] { "--clock-skew=-Infinity" }, "error: --clock-skew must be a number of seconds from 0 to 86400, like 2 or 0.5 (got '-Infinity').")]
    [InlineData(new[] { "--clock-skew", "NaN" }, "error: --clock-skew must be a number of seconds from 0 to 86400, like 2 or 0.5 (got 'NaN').")]
    [InlineData(new[] { "--retry-after", "3" }, "error: --retry-after is ambiguous: use --assigning-retry-after (202) or --throttle-retry-after (429).")]
    [InlineData(new[] { "--faults", "nope" }, "error: --faults must be one of none, throttle-storm, server-errors, connection-resets, slow, malformed, chaos (got 'nope').")]
    [InlineData(new[] { "--listen", "localhost" }, "error: --listen must be an IP address such as 127.0.0.1 or 0.0.0.0 (got 'localhost').")]
    [InlineData(new[] { "--registrations-per-minute", "0" }, "error: --registrations-per-minute must be a whole number of 1 or more (got '0').")]
    [InlineData(new[] { "--bogus" }, "error: unknown option '--bogus'.")]
    [InlineData(new[] { "--port" }, "error: --port needs a value, e.g. --port=VALUE.")]
    public async Task Bad_options_get_one_line_naming_the_option_and_exit_2(string[] arguments, string expected)
    {
        // In process (the program's Main is this call): nothing is started when the options are bad.
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await NanoDps.Emulator.Cli.CommandLine.RunAsync(arguments, stdout, stderr);

        Assert.Equal(2, exitCode);
        Assert.Equal([expected, "Run with --help for the options."], Lines(stderr.ToString()));
        Assert.Equal(string.Empty, stdout.ToString().Trim());
    }

    [Fact]
    public async Task The_program_itself_refuses_a_bad_option_in_one_line()
    {
        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--port=abc");

        Assert.Equal(2, exitCode);
        Assert.Equal(["error: --port must be a whole number from 0 to 65535 (got 'abc').", "Run with --help for the options."], Lines(stderr));
        Assert.Equal(string.Empty, stdout.Trim());
    }

    [Fact]
    public async Task Help_lists_the_options_and_the_exit_codes_and_version_prints_one()
    {
        var (helpCode, help, _) = await EmulatorProcess.RunToExitAsync("--help");
        var (versionCode, version, _) = await EmulatorProcess.RunToExitAsync("--version");

        Assert.Equal(0, helpCode);
        Assert.Contains("--assigning-retry-after", help);
        Assert.Contains("--throttle-retry-after", help);
        Assert.Contains("Exit codes: 0 stopped cleanly", help);
        Assert.Contains("4 the environment refused", help);
        Assert.DoesNotContain("--retry-after ", help);
        Assert.Equal(0, versionCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Trim());
    }

    [Fact]
    public async Task A_registrations_db_that_is_not_a_database_is_one_line_and_exit_4()
    {
        using var folder = new TempFolder();
        var database = Path.Combine(folder.Path, "registrations.db");
        File.WriteAllText(database, "this is not an SQLite database, just text that someone saved here\n");

        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--port", "0", "--data", folder.Path);

        Assert.Equal(4, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"error: {database} is not a usable SQLite database", line);
        Assert.Contains("move it away or delete it", line);
        AssertNoStackTrace(stdout + stderr);
    }

    [Fact]
    public async Task A_registrations_db_that_cannot_be_opened_is_one_line_and_exit_4()
    {
        using var folder = new TempFolder();
        var database = Path.Combine(folder.Path, "registrations.db");
        Directory.CreateDirectory(database); // a folder where the file should be

        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--port", "0", "--data", folder.Path);

        Assert.Equal(4, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"error: cannot open {database} for writing (", line);
        Assert.EndsWith("fix the permissions of the file and its folder, or choose another folder with --data.", line);
        AssertNoStackTrace(stdout + stderr);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_naming_the_port_and_exit_4_before_anything_is_created()
    {
        using var parent = new TempFolder();
        var folder = new { Path = Path.Combine(parent.Path, "data") };
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", folder.Path);

        Assert.Equal(4, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.Equal($"error: port {port} on 127.0.0.1 is already in use (another emulator or program listens there); stop it, or choose another port with --port (0 picks a free one).", line);
        AssertNoStackTrace(stdout + stderr);
        Assert.False(Directory.Exists(folder.Path), "the data folder, the CA and the demo keys were created before the port was checked");
    }

    [SkippableFact]
    public async Task A_read_only_registrations_db_in_a_writable_folder_is_refused_at_start_one_line_and_exit_4()
    {
        Skip.If(OperatingSystem.IsWindows(), "file modes and chattr are POSIX/Linux");
        using var folder = new TempFolder();
        await (await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path, Port = 0 })).DisposeAsync();
        var database = Path.Combine(folder.Path, "registrations.db");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(database, UnixFileMode.UserRead);
        }

        var immutable = Environment.UserName == "root" && await ProcessRunner.RunAsync("chattr", ["+i", database], TimeSpan.FromSeconds(10)) is (0, _, _);
        Skip.If(Environment.UserName == "root" && !immutable, "root writes a 0400 file and chattr +i is not available here");
        try
        {
            var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--port", "0", "--data", folder.Path);

            Assert.Equal(4, exitCode);
            var line = Assert.Single(Lines(stderr));
            Assert.StartsWith($"error: cannot open {database} for writing (", line);
            Assert.EndsWith("fix the permissions of the file and its folder, or choose another folder with --data.", line);
            Assert.DoesNotContain("DPS emulator ready", stdout);
            AssertNoStackTrace(stdout + stderr);
        }
        finally
        {
            if (immutable)
            {
                await ProcessRunner.RunAsync("chattr", ["-i", database], TimeSpan.FromSeconds(10));
            }
        }
    }

    [Fact]
    public async Task A_corrupt_enrollments_file_names_the_file_the_line_and_the_fix()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "enrollments.json");
        File.WriteAllText(path, "{\n  \"enrollmentGroups\": [\n    { name: \"g\" }\n  ]\n}\n");

        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--port", "0", "--data", folder.Path);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"error: {path} line 3, column 7 is not valid JSON: ", line);
        Assert.DoesNotContain("LineNumber", line);
        Assert.DoesNotContain("BytePositionInLine", line);
        Assert.Contains("fix that line", line);
        AssertNoStackTrace(stdout + stderr);
    }

    [Fact]
    public async Task A_second_emulator_on_the_same_data_folder_refuses_and_the_first_keeps_running()
    {
        using var folder = new TempFolder();
        await using var first = EmulatorProcess.Start("--port", "0", "--data", folder.Path);
        await first.WaitReadyAsync();

        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--port", "0", "--data", folder.Path);

        Assert.Equal(4, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.Equal($"error: another DPS emulator is already using the data folder {folder.Path} (it holds emulator.lock); stop that one, or give this one its own folder with --data.", line);
        AssertNoStackTrace(stdout + stderr);
        Assert.False(first.HasExited);

        // Stopped, the folder is free again; killed, too (the lock dies with the process).
        await first.SignalAsync("TERM");
        await first.WaitForExitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, first.ExitCode);
        await using var second = EmulatorProcess.Start("--port", "0", "--data", folder.Path);
        await second.WaitReadyAsync();
        second.KillHard();
        await second.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await using var third = EmulatorProcess.Start("--port", "0", "--data", folder.Path);
        await third.WaitReadyAsync();
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_created_is_one_line_and_exit_4()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "a-file");
        File.WriteAllText(file, "x");
        var data = Path.Combine(file, "data");

        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--port", "0", "--data", data);

        Assert.Equal(4, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"error: cannot create the data folder {data} (", line);
        Assert.EndsWith("choose another with --data, or fix the path or its permissions.", line);
        AssertNoStackTrace(stdout + stderr);
    }

    [Fact]
    public async Task An_invalid_enrollments_file_is_one_line_and_exit_2()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "enrollments.json"), """{ "enrollmentGroups": [ { "enrollmentGroupId": "g", "primaryKey": "not-base64", "iotHubs": [] } ] }""");

        var (exitCode, stdout, stderr) = await EmulatorProcess.RunToExitAsync("--port", "0", "--data", folder.Path);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: ", line);
        Assert.Contains("enrollments.json", line);
        Assert.Contains("primary key", line);
        AssertNoStackTrace(stdout + stderr);
    }

    internal static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static void AssertNoStackTrace(string output)
    {
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Exception:", output);
        Assert.DoesNotContain("Unhandled exception", output);
    }
}
