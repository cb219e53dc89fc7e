using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NanoDps.Emulator.Cli;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>The command-line emulator: options, the ready banner, a curl flow against it, Ctrl+C.</summary>
public sealed partial class CommandLineTests
{
    [SkippableFact]
    public async Task Program_prints_how_to_reach_it_serves_a_curl_flow_and_stops_cleanly_on_ctrl_c()
    {
        ProcessRunner.RequireTools();
        using var folder = new TempFolder();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "DpsEmulator.dll"), "--port", "0", "--data", folder.Path, "--assignment-delay", "0.2", "--retry-after", "1", "--request-log" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
                if (e.Data?.StartsWith("Press Ctrl+C", StringComparison.Ordinal) == true)
                {
                    ready.TrySetResult();
                }
            }
        };
        var stderr = process.StandardError.ReadToEndAsync();
        process.BeginOutputReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            string banner;
            lock (stdout)
            {
                banner = stdout.ToString();
            }

            var url = new Uri(UrlLine().Match(banner).Groups[1].Value);
            var caPath = CaLine().Match(banner).Groups[1].Value;
            var idScope = ScopeLine().Match(banner).Groups[1].Value;
            var primaryKey = KeyLine().Match(banner).Groups[1].Value;
            Assert.Equal("127.0.0.1", url.Host);
            Assert.NotEqual(0, url.Port);
            Assert.Equal(Path.Combine(folder.Path, "ca.pem"), caPath);
            Assert.Matches("^0ne[0-9A-F]{8}$", idScope);
            Assert.Contains("WARNING", banner);
            Assert.Contains("group 'demo-group': enabled, hashed over hub-1.dps-emulator.local, hub-2.dps-emulator.local", banner);
            using (var enrollments = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "enrollments.json"))))
            {
                Assert.Equal(primaryKey, enrollments.RootElement.GetProperty("enrollmentGroups")[0].GetProperty("primaryKey").GetString());
            }

            // The walk-through the banner suggests, with the printed values.
            var (exitCode, flowOut, flowErr) = await ProcessRunner.RunAsync("bash", [
                Path.Combine(AppContext.BaseDirectory, "dps-curl-flow.sh"),
                "--endpoint", $"{url.Host}:{url.Port}", "--cacert", caPath, "--id-scope", idScope,
                "--registration-id", "cli-device-1", "--group-key", primaryKey,
            ], TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0, $"{flowOut}\n{flowErr}");
            Assert.Contains("\"status\":\"assigned\"", flowOut);

            // Ctrl+C
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, process.ExitCode);
            lock (stdout)
            {
                Assert.Contains("DPS emulator stopped.", stdout.ToString());
            }

            Assert.DoesNotContain("fail:", await stderr + stdout);
            Assert.True(File.ReadAllLines(Path.Combine(folder.Path, "requests.jsonl")).Length >= 2);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Restarted_program_does_not_print_keys_again()
    {
        using var folder = new TempFolder();
        await using (await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path }))
        {
        }

        await using var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path });
        var banner = ReadyBanner.Text(server);
        var key = server.Enrollments.Groups.Single().PrimaryKey;
        Assert.DoesNotContain(key, banner);
        Assert.DoesNotContain("WARNING", banner);
        Assert.Contains($"ID scope:  {server.IdScope}", banner);
    }

    [Fact]
    public void Options_are_parsed_with_documented_defaults()
    {
        var (defaults, verbose, error) = CommandLine.Parse([]);
        Assert.Null(error);
        Assert.False(verbose);
        Assert.Equal(8443, defaults!.Port);
        Assert.Equal(".dps-emulator", defaults.DataFolder);
        Assert.Equal(System.Net.IPAddress.Loopback, defaults.ListenAddress);
        Assert.Same(FaultProfile.None, defaults.Faults);

        var (options, _, _) = CommandLine.Parse([
            "--port", "9000", "--data", "x", "--assignment-delay", "0.5", "--retry-after", "0", "--throttle-retry-after", "9",
            "--clock-skew", "60", "--registrations-per-minute", "10", "--registration-burst", "2", "--operations-per-minute", "20",
            "--operation-burst", "4", "--polls-per-device", "7", "--throttle-before-auth", "--faults", "chaos", "--seed", "5",
            "--faults-on-hub", "--request-log", "--id-scope", "0ne12345678", "--no-demo",
        ]);
        Assert.Equal(9000, options!.Port);
        Assert.Equal("x", options.DataFolder);
        Assert.Equal(TimeSpan.FromSeconds(0.5), options.AssignmentDelay);
        Assert.Equal(0, options.RetryAfterSeconds);
        Assert.Equal(9, options.ThrottleRetryAfterSeconds);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ClockSkew);
        Assert.Equal(10, options.Quotas.RegistrationsPerMinute);
        Assert.Equal(2, options.Quotas.RegistrationBurst);
        Assert.Equal(20, options.Quotas.OperationsPerMinute);
        Assert.Equal(4, options.Quotas.OperationBurst);
        Assert.Equal(7, options.Quotas.PollsPerDevice);
        Assert.True(options.Quotas.ThrottleBeforeAuthentication);
        Assert.Equal("chaos", options.Faults.Name);
        Assert.True(options.Faults.ApplyToHub);
        Assert.Equal(5, options.FaultSeed);
        Assert.True(options.WriteRequestLogFile);
        Assert.Equal("0ne12345678", options.IdScope);
        Assert.False(options.CreateDemoEnrollment);

        Assert.NotNull(CommandLine.Parse(["--port"]).Error);
        Assert.NotNull(CommandLine.Parse(["--port", "x"]).Error);
        Assert.NotNull(CommandLine.Parse(["--bogus"]).Error);
        Assert.NotNull(CommandLine.Parse(["--retry-after", "-1"]).Error);
    }

    [GeneratedRegex(@"URL:\s+(\S+)")]
    private static partial Regex UrlLine();

    [GeneratedRegex(@"CA:\s+(\S+)")]
    private static partial Regex CaLine();

    [GeneratedRegex(@"ID scope:\s+(\S+)")]
    private static partial Regex ScopeLine();

    [GeneratedRegex(@"primary key:\s+(\S+)")]
    private static partial Regex KeyLine();
}
