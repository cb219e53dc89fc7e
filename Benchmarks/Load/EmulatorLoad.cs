using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NanoDps.Benchmarks.Emulator;
using NanoDps.Emulator;

namespace NanoDps.Benchmarks.Load;

/// <summary>
/// <c>--load [--clients N] [--seconds S] [--warmup S] [--external DATA_FOLDER --port P] [--dashboard] [--service-clients N]</c>: complete
/// provisioning flows against the in-process emulator (TLS, keep-alive, assignment delay 0,
/// Retry-After 0, quotas off), or against an emulator running in another process (started with
/// <c>--no-quotas --assignment-delay 0 --assigning-retry-after 0</c>), from N concurrent clients for S seconds;
/// prints flows/s, the p50/p99/max flow latency and the CPU this process used per flow. With
/// <c>--dashboard</c> the dashboard's live feed is held open throughout, as by a browser showing it; with
/// <c>--service-clients</c>, that many more clients keep the service API busy meanwhile (<see cref="ServiceApiLoad"/>).
/// </summary>
public static class EmulatorLoad
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var clientsOption = Number("--clients", 32, "Concurrent clients, one connection each", v => v >= 1 && v == Math.Floor(v), "a whole number of 1 or more");
        var secondsOption = Number("--seconds", 10, "Measured time, seconds", v => v > 0, "a number of seconds above 0");
        var warmupOption = Number("--warmup", 20, "Warm-up before measuring, seconds (the tiered JIT needs ~15 s of this load on 2 busy cores)", v => v >= 0, "a number of seconds of 0 or more");
        var externalOption = new Option<string>("--external")
        {
            Description = "Drive the emulator of this data folder, running in another process, instead of one in this process",
            HelpName = "folder",
            CustomParser = r => r.Tokens.Count > 0 && r.Tokens[^1].Value.Length > 0 ? r.Tokens[^1].Value : Fail(r, "--external must name the data folder of a running emulator (got an empty value)."),
        };
        var portOption = Number("--port", 8443, "Port of the --external emulator", v => v is >= 1 and <= 65535 && v == Math.Floor(v), "a port from 1 to 65535");
        var dashboardOption = new Option<bool>("--dashboard") { Description = "Hold the dashboard's live feed (GET /emulator/events) open during the run, as a browser showing the dashboard does" };
        var serviceClientsOption = Number("--service-clients", 0, "Clients calling the service API (PUT, GET, query) meanwhile", v => v >= 0 && v == Math.Floor(v), "a whole number of 0 or more");
        var verboseOption = new Option<bool>("--verbose") { Description = "Print the stack trace of an internal error" };
        var command = new RootCommand("Benchmarks --load: complete provisioning flows per second over TLS against the DPS emulator. " + ExitCodes.Help)
        {
            clientsOption, secondsOption, warmupOption, externalOption, portOption, dashboardOption, serviceClientsOption, verboseOption,
        };
        var parsed = command.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var message = parsed.Errors[0].Message;
            stderr.WriteLine(message.StartsWith("Unrecognized command or argument '", StringComparison.Ordinal)
                ? $"error: unknown option '{message.Split('\'')[1]}'."
                : message.StartsWith("Required argument missing for option: '", StringComparison.Ordinal)
                    ? $"error: {message.Split('\'')[1]} needs a value (see --load --help)."
                    : message.StartsWith("error: ", StringComparison.Ordinal) ? message : "error: " + message);
            stderr.WriteLine("Run with --load --help for the options.");
            return ExitCodes.Usage;
        }

        if (args.Contains("--help") || args.Contains("-h"))
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        }

        var verbose = parsed.GetValue(verboseOption);
        try
        {
            var run = new LoadRun(
                (int)parsed.GetValue(clientsOption), parsed.GetValue(secondsOption), parsed.GetValue(warmupOption), parsed.GetValue(externalOption), (int)parsed.GetValue(portOption),
                parsed.GetValue(dashboardOption), (int)parsed.GetValue(serviceClientsOption));
            return await RunAsync(run, stdout, stderr);
        }
        catch (EmulatorEnvironmentException e)
        {
            stderr.WriteLine($"error: the emulator could not start in this process ({e.Message}).");
            return ExitCodes.Environment;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"error: internal error ({e.GetType().Name}: {e.Message}); " + (verbose ? "the stack trace follows" : "run with --verbose for details"));
            if (verbose)
            {
                stderr.WriteLine(e.ToString());
            }

            return ExitCodes.Failed;
        }
    }

    private const string ServiceConnectionStringFile = "service-connection-string.txt";

    private sealed record LoadRun(int Clients, double Seconds, double Warmup, string? External, int Port, bool Dashboard, int ServiceClients);

    private static async Task<int> RunAsync(LoadRun run, TextWriter stdout, TextWriter stderr)
    {
        var (clients, seconds, warmup, external, port, dashboard, serviceClients) = run;
        if (external is not null && ExternalFolderProblem(external, serviceClients > 0) is { } problem)
        {
            stderr.WriteLine(problem);
            return ExitCodes.Usage;
        }

        await using var fixture = external is null ? await EmulatorFixture.StartAsync() : null;
        using var http = fixture is not null
            ? ProvisioningFlowClient.CreateHttpClient(fixture.Server, clients)
            : ProvisioningFlowClient.CreateHttpClient(external!, port, clients);
        var client = fixture is not null
            ? new ProvisioningFlowClient(http, fixture.Server.IdScope, fixture.GroupKey)
            : ProvisioningFlowClient.ForDataFolder(http, external!);
        stdout.WriteLine($"Emulator load: {clients} clients, {warmup} s warm-up, {seconds} s measured, {Environment.ProcessorCount} cores, TLS + keep-alive, "
            + (fixture is null ? $"emulator at {http.BaseAddress} (other process)" : "emulator in this process")
            + (dashboard ? ", dashboard feed open" : string.Empty)
            + (serviceClients > 0 ? $", {serviceClients} service API clients." : "."));

        // One flow first: an emulator that is not there, or refuses the flow, is said at once, not after the warm-up.
        try
        {
            using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await client.ProvisionAsync("probe-" + Guid.NewGuid().ToString("N"), probe.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or KeyNotFoundException or System.Text.Json.JsonException)
        {
            stderr.WriteLine($"error: the first flow against {http.BaseAddress} failed ({Innermost(e)}): "
                + (fixture is null
                    ? $"start the emulator first: dotnet run -c Release --project DpsEmulator -- --data {external} --port {port} --no-quotas --assignment-delay 0 --assigning-retry-after 0"
                    : "the in-process emulator does not serve the flow; run with --verbose"));
            return ExitCodes.Failed;
        }

        await using var feed = !dashboard ? null : DashboardFeed.Open(fixture is not null
            ? ProvisioningFlowClient.CreateHttpClient(fixture.Server, 1)
            : ProvisioningFlowClient.CreateHttpClient(external!, port, 1));
        using var serviceHttp = serviceClients == 0 ? null
            : fixture is not null ? ProvisioningFlowClient.CreateHttpClient(fixture.Server, serviceClients)
            : ProvisioningFlowClient.CreateHttpClient(external!, port, serviceClients);
        var serviceLoad = serviceHttp is null ? null : new ServiceApiLoad(serviceHttp, fixture?.Server.ServiceConnectionString
            ?? File.ReadAllText(Path.Combine(external!, ServiceConnectionStringFile)).Trim());
        using var stopService = new CancellationTokenSource();
        var service = serviceLoad?.RunAsync(serviceClients, stopService.Token) ?? Task.FromResult((0L, 0L));

        await RunPhaseAsync(client, clients, TimeSpan.FromSeconds(warmup), "warm");
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (latencies, errors, elapsed) = await RunPhaseAsync(client, clients, TimeSpan.FromSeconds(seconds), "load");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        await stopService.CancelAsync();
        var (serviceCalls, serviceFailed) = await service;

        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        stdout.WriteLine($"flows:     {latencies.Count} in {elapsed.TotalSeconds:0.00} s ({errors} failed)");
        stdout.WriteLine($"flows/s:   {latencies.Count / elapsed.TotalSeconds:0}");
        stdout.WriteLine($"requests/s: {2 * latencies.Count / elapsed.TotalSeconds:0}");
        stdout.WriteLine($"latency:   p50 {Percentile(0.50):0.00} ms, p99 {Percentile(0.99):0.00} ms, max {latencies.LastOrDefault():0.00} ms");
        stdout.WriteLine($"cpu:       {cpu.TotalSeconds:0.00} s for {(fixture is null ? "the client" : "client + emulator")} = {cpu.TotalMilliseconds / Math.Max(1, latencies.Count):0.000} ms per flow, "
            + $"{cpu.TotalSeconds / elapsed.TotalSeconds / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores "
            + $"(flows/s if all cores were ours: {latencies.Count / cpu.TotalSeconds * Environment.ProcessorCount:0})");
        if (fixture is not null)
        {
            stdout.WriteLine($"stored registrations: {fixture.Server.Registrations.Count}");
        }

        if (feed is not null)
        {
            stdout.WriteLine($"dashboard: {feed.Events} state events over the run ({feed.Bytes / 1024.0:0} KB), longest gap {feed.LongestGap.TotalSeconds:0.00} s, "
                + $"the last one showed {feed.LastRegistrationTotal} registrations" + (feed.Failure is null ? "" : $"; the feed failed: {feed.Failure}"));
        }

        if (serviceClients > 0)
        {
            stdout.WriteLine($"service API: {serviceClients} clients, {serviceCalls} calls during warm-up and measurement ({serviceFailed} failed), "
                + $"{serviceCalls / (warmup + elapsed.TotalSeconds):0} calls/s");
        }

        if (errors > 0)
        {
            stderr.WriteLine($"error: {errors} flows failed.");
        }

        if (feed?.Failure is not null)
        {
            stderr.WriteLine($"error: the dashboard feed failed ({feed.Failure}).");
        }

        return errors == 0 && feed?.Failure is null ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>
    /// Null when <paramref name="folder"/> is a running emulator's data folder with what the load needs
    /// (with <paramref name="serviceClients"/>, the service API's connection string too); otherwise the one-line error.
    /// </summary>
    internal static string? ExternalFolderProblem(string folder, bool serviceClients)
    {
        string Need(string what) => $"error: --external {folder} {what}; give the data folder of a running emulator (its --data).";
        if (!Directory.Exists(folder))
        {
            return Need("does not exist");
        }

        string[] needed = serviceClients ? ["enrollments.json", "ca.pem", ServiceConnectionStringFile] : ["enrollments.json", "ca.pem"];
        foreach (var file in needed)
        {
            if (!File.Exists(Path.Combine(folder, file)))
            {
                return Need($"has no {file}");
            }
        }

        try
        {
            _ = ProvisioningFlowClient.ReadEnrollment(folder);
            _ = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(folder, "ca.pem")));
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or KeyNotFoundException
            or InvalidOperationException or IndexOutOfRangeException or FormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return Need($"cannot be used ({e.Message})");
        }
    }

    private static string Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return string.Empty;
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message.TrimEnd('.');
    }

    private static Option<double> Number(string name, double defaultValue, string description, Func<double, bool> valid, string what) => new(name)
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && valid(value))
            {
                return value;
            }

            result.AddError($"{name} must be {what} (got '{text}').");
            return defaultValue;
        },
    };

    private static async Task<(List<double> Latencies, int Errors, TimeSpan Elapsed)> RunPhaseAsync(
        ProvisioningFlowClient client, int clients, TimeSpan duration, string prefix)
    {
        var latencies = new List<double>[clients];
        var errors = 0;
        var next = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(capacity: 32_768);
            while (watch.Elapsed < duration)
            {
                var id = $"{prefix}-{Interlocked.Increment(ref next)}";
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await client.ProvisionAsync(id);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        watch.Stop();
        return ([.. latencies.SelectMany(l => l)], errors, watch.Elapsed);
    }
}
