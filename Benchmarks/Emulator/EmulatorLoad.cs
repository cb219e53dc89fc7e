using System.Diagnostics;
using System.Globalization;

namespace NanoDps.Benchmarks.Emulator;

/// <summary>
/// <c>--load [--clients N] [--seconds S] [--warmup S] [--external DATA_FOLDER --port P]</c>: complete
/// provisioning flows against the in-process emulator (TLS, keep-alive, assignment delay 0,
/// Retry-After 0, quotas off), or against an emulator running in another process (started with
/// <c>--no-quotas --assignment-delay 0 --retry-after 0</c>), from N concurrent clients for S seconds;
/// prints flows/s, the p50/p99/max flow latency and the CPU this process used per flow.
/// </summary>
public static class EmulatorLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = 32;
        var seconds = 10.0;
        var warmup = 20.0; // tiered JIT needs ~15 s of this load to settle on 2 busy cores
        string? external = null;
        var port = 8443;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--clients": clients = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--external": external = args[i + 1]; break;
                case "--port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        await using var fixture = external is null ? await EmulatorFixture.StartAsync() : null;
        using var http = fixture is not null
            ? ProvisioningFlowClient.CreateHttpClient(fixture.Server, clients)
            : ProvisioningFlowClient.CreateHttpClient(external!, port, clients);
        var client = fixture is not null
            ? new ProvisioningFlowClient(http, fixture.Server.IdScope, fixture.GroupKey)
            : ProvisioningFlowClient.ForDataFolder(http, external!);
        Console.WriteLine($"Emulator load: {clients} clients, {warmup} s warm-up, {seconds} s measured, {Environment.ProcessorCount} cores, TLS + keep-alive, "
            + (fixture is null ? $"emulator at {http.BaseAddress} (other process)." : "emulator in this process."));

        await RunPhaseAsync(client, clients, TimeSpan.FromSeconds(warmup), "warm");
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (latencies, errors, elapsed) = await RunPhaseAsync(client, clients, TimeSpan.FromSeconds(seconds), "load");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        Console.WriteLine($"flows:     {latencies.Count} in {elapsed.TotalSeconds:0.00} s ({errors} failed)");
        Console.WriteLine($"flows/s:   {latencies.Count / elapsed.TotalSeconds:0}");
        Console.WriteLine($"requests/s: {2 * latencies.Count / elapsed.TotalSeconds:0}");
        Console.WriteLine($"latency:   p50 {Percentile(0.50):0.00} ms, p99 {Percentile(0.99):0.00} ms, max {latencies.LastOrDefault():0.00} ms");
        Console.WriteLine($"cpu:       {cpu.TotalSeconds:0.00} s for {(fixture is null ? "the client" : "client + emulator")} = {cpu.TotalMilliseconds / Math.Max(1, latencies.Count):0.000} ms per flow, "
            + $"{cpu.TotalSeconds / elapsed.TotalSeconds / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores "
            + $"(flows/s if all cores were ours: {latencies.Count / cpu.TotalSeconds * Environment.ProcessorCount:0})");
        if (fixture is not null)
        {
            Console.WriteLine($"stored registrations: {fixture.Server.Registrations.Count}");
        }

        return errors == 0 ? 0 : 1;
    }

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
