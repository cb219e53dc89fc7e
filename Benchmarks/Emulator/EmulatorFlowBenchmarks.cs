using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace NanoDps.Benchmarks.Emulator;

/// <summary>
/// Complete provisioning flows (register + poll until assigned, each a new device) against the
/// in-process emulator over TLS with keep-alive, from <see cref="Clients"/> concurrent clients.
/// One operation = one flow, so "Op/s" reads as flows per second. For latency percentiles use
/// <c>--load</c> (<see cref="EmulatorLoad"/>).
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 15, iterationCount: 10)]
[MemoryDiagnoser]
public class EmulatorFlowBenchmarks
{
    private const int FlowsPerInvoke = 1024;

    private EmulatorFixture _fixture = null!;
    private HttpClient _http = null!;
    private ProvisioningFlowClient _client = null!;
    private int _next;

    /// <summary>Concurrent clients (connections).</summary>
    [Params(8, 32)]
    public int Clients { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _fixture = await EmulatorFixture.StartAsync();
        _http = ProvisioningFlowClient.CreateHttpClient(_fixture.Server, Clients);
        _client = new ProvisioningFlowClient(_http, _fixture.Server.IdScope, _fixture.GroupKey);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => _client.ProvisionAsync(NextId())));
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http.Dispose();
        await _fixture.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = FlowsPerInvoke)]
    public async Task ProvisioningFlow()
    {
        var remaining = FlowsPerInvoke;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await _client.ProvisionAsync(NextId());
            }
        }));
    }

    private string NextId() => $"bench-{Environment.ProcessId}-{Interlocked.Increment(ref _next)}";
}
