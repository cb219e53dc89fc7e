using NanoDps.Emulator;

namespace NanoDps.Benchmarks.Emulator;

/// <summary>An emulator tuned for throughput: no assignment delay, Retry-After 0, no quotas, small in-memory log.</summary>
internal sealed class EmulatorFixture : IAsyncDisposable
{
    private readonly string _folder;

    private EmulatorFixture(string folder, DpsEmulatorServer server, string groupKey)
    {
        _folder = folder;
        Server = server;
        GroupKey = groupKey;
    }

    public DpsEmulatorServer Server { get; }

    public string GroupKey { get; }

    public static async Task<EmulatorFixture> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dps-emulator-bench-" + Guid.NewGuid().ToString("N"));
        var server = await DpsEmulatorServer.StartAsync(new DpsEmulatorOptions
        {
            DataFolder = folder,
            CreateDemoEnrollment = false,
            AssignmentDelay = TimeSpan.Zero,
            RetryAfterSeconds = 0,
            Quotas = QuotaOptions.Unlimited,
            RequestLogCapacity = 1024,
            OperationRetention = TimeSpan.FromMinutes(1),
        });
        var key = SymmetricKeys.GenerateKey();
        await server.Enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup
        {
            EnrollmentGroupId = "bench",
            PrimaryKey = key,
            IotHubs = ["hub-1.dps-emulator.local", "hub-2.dps-emulator.local", "hub-3.dps-emulator.local"],
        }).ConfigureAwait(false);
        return new EmulatorFixture(folder, server, key);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
