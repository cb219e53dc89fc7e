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
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "DpsEmulator.dll"), "--port", "0", "--data", folder.Path, "--assignment-delay=0.2", "--assigning-retry-after", "1", "--request-log" })
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
            var (keysExit, keysOut, keysErr) = await EmulatorProcess.RunToExitAsync("keys", "--data", folder.Path);
            Assert.True(keysExit == 0, keysErr);
            var primaryKey = keysOut.Trim();
            Assert.Equal("127.0.0.1", url.Host);
            Assert.NotEqual(0, url.Port);
            Assert.Equal(Path.Combine(folder.Path, "ca.pem"), caPath);
            Assert.Matches("^0ne[0-9A-F]{8}$", idScope);
            Assert.Contains("Created the demo enrollment group 'demo-group' with random keys", banner);
            Assert.DoesNotContain(primaryKey, banner); // the banner may end up in a log: never a key
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
    public async Task Banner_never_prints_a_key_and_keys_prints_each_on_request()
    {
        using var folder = new TempFolder();
        EnrollmentGroup demo;
        await using (var first = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path }))
        {
            demo = first.CreatedDemoEnrollment!;
            var banner = ReadyBanner.Text(first, VirtualDeviceConfig.Write(first));
            Assert.DoesNotContain(demo.PrimaryKey, banner);
            Assert.DoesNotContain(demo.SecondaryKey!, banner);
            Assert.Contains($"Keys:      in {Path.Combine(folder.Path, "enrollments.json")}", banner);
            Assert.Contains($"GROUP_KEY=$(dotnet run --project DpsEmulator -- keys --data {folder.Path} --enrollment demo-group)", banner);
        }

        await using (var again = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path }))
        {
            var banner = ReadyBanner.Text(again, VirtualDeviceConfig.Write(again));
            Assert.DoesNotContain(demo.PrimaryKey, banner);
            Assert.DoesNotContain("Created the demo", banner);
            Assert.Contains($"ID scope:  {again.IdScope}", banner);
        }

        var primary = await EmulatorProcess.RunToExitAsync("keys", "--data", folder.Path);
        var secondary = await EmulatorProcess.RunToExitAsync("keys", "--data", folder.Path, "--enrollment", "demo-group", "--secondary");
        var unknown = await EmulatorProcess.RunToExitAsync("keys", "--data", folder.Path, "--enrollment", "nope");
        var noFolder = await EmulatorProcess.RunToExitAsync("keys", "--data", Path.Combine(folder.Path, "missing"));
        Assert.Equal((0, demo.PrimaryKey + "\n", string.Empty), (primary.ExitCode, primary.Stdout, primary.Stderr));
        Assert.Equal((0, demo.SecondaryKey + "\n"), (secondary.ExitCode, secondary.Stdout));
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal($"error: --enrollment 'nope' is not in {Path.Combine(folder.Path, "enrollments.json")}; known: demo-group.", unknown.Stderr.Trim());
        Assert.Equal(2, noFolder.ExitCode);
        Assert.StartsWith("error: ", noFolder.Stderr);
    }

    [Fact]
    public async Task The_virtual_device_command_resolves_the_linked_hubs_a_group_without_hubs_assigns()
    {
        using var folder = new TempFolder();
        await using var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path, CreateDemoEnrollment = false });
        await server.Enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup { EnrollmentGroupId = "linked", PrimaryKey = SymmetricKeys.GenerateKey(), IotHubs = [] });

        var written = VirtualDeviceConfig.Write(server)!;
        var banner = ReadyBanner.Text(server, written);

        foreach (var hub in server.Options.LinkedHubs)
        {
            Assert.Contains($" --resolve {hub}=127.0.0.1:{server.Port}", written.Command);
        }

        Assert.Contains($"group 'linked': enabled, hashed over {string.Join(", ", server.Options.LinkedHubs)}", banner);
    }

    [Fact]
    public async Task Banner_says_where_the_service_connection_string_is_and_keys_service_prints_it()
    {
        using var folder = new TempFolder();
        string connectionString, secondaryKey;
        await using (var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions { DataFolder = folder.Path, Port = 0 }))
        {
            connectionString = server.ServiceConnectionString;
            var banner = ReadyBanner.Text(server, VirtualDeviceConfig.Write(server));
            Assert.DoesNotContain(ServiceClient.KeyOf(connectionString), banner);
            Assert.Contains($"Service connection string: in {Path.Combine(folder.Path, "service-connection-string.txt")} (a secret, mode 0600; never printed here)", banner);
            Assert.Contains($"az iot dps takes HostName=localhost:{server.Port}", banner);
            Assert.Contains($"keys --data {folder.Path} --service", banner);
            using var policy = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "service-policy.json")));
            secondaryKey = policy.RootElement.GetProperty("secondaryKey").GetString()!;
        }

        var primary = await EmulatorProcess.RunToExitAsync("keys", "--data", folder.Path, "--service");
        var secondary = await EmulatorProcess.RunToExitAsync("keys", "--data", folder.Path, "--service", "--secondary");
        var help = await EmulatorProcess.RunToExitAsync("--help");

        Assert.Equal((0, connectionString + "\n", string.Empty), (primary.ExitCode, primary.Stdout, primary.Stderr));
        Assert.Equal((0, $"HostName=localhost;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey={secondaryKey}\n"), (secondary.ExitCode, secondary.Stdout));
        Assert.Contains("service API", help.Stdout);
        Assert.Contains("keys --service", help.Stdout);
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
            "--port", "9000", "--data=x", "--assignment-delay", "0.5", "--assigning-retry-after", "0", "--throttle-retry-after=9",
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
        Assert.NotNull(CommandLine.Parse(["--assigning-retry-after", "-1"]).Error);
        Assert.Equal("error: --retry-after is ambiguous: use --assigning-retry-after (202) or --throttle-retry-after (429).", CommandLine.Parse(["--retry-after", "1"]).Error);
        Assert.Same(QuotaOptions.Unlimited.GetType(), CommandLine.Parse(["--no-quotas"]).Options!.Quotas.GetType());
        Assert.Equal(int.MaxValue, CommandLine.Parse(["--no-quotas"]).Options!.Quotas.RegistrationsPerMinute);
    }

    [GeneratedRegex(@"URL:\s+(\S+)")]
    private static partial Regex UrlLine();

    [GeneratedRegex(@"CA:\s+(\S+)")]
    private static partial Regex CaLine();

    [GeneratedRegex(@"ID scope:\s+(\S+)")]
    private static partial Regex ScopeLine();
}
