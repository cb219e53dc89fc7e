using System.Text.Json;
using NanoDps.Emulator;

namespace NanoDps.VirtualDevice.Tests.Support;

/// <summary>
/// A DPS emulator in a temp folder (real HTTPS on loopback, its own CA) with one enrollment group
/// "group-1" over two hubs, quick to answer: assignment after <see cref="DpsEmulatorOptions.AssignmentDelay"/>
/// (0 by default here) and Retry-After 1 s, so a device polls after its 2 s floor.
/// </summary>
public sealed class TestEmulator : IAsyncDisposable
{
    public const string Hub1 = "hub-1.dps-emulator.local";
    public const string Hub2 = "hub-2.dps-emulator.local";

    private readonly TempFolder? _folder;

    private TestEmulator(DpsEmulatorServer server, TempFolder? folder, string groupKey, string secondaryKey)
    {
        Server = server;
        _folder = folder;
        GroupKey = groupKey;
        SecondaryKey = secondaryKey;
    }

    public DpsEmulatorServer Server { get; }

    public string GroupKey { get; }

    public string SecondaryKey { get; }

    public string IdScope => Server.IdScope;

    /// <summary>--resolve values that send localhost and every hub name to this emulator.</summary>
    public string[] Resolve => [$"localhost=127.0.0.1:{Server.Port}", .. Server.Enrollments.HubNames.Select(h => $"{h}=127.0.0.1:{Server.Port}")];

    public static async Task<TestEmulator> StartAsync(
        Action<DpsEmulatorOptions>? configure = null,
        string? dataFolder = null,
        string? groupKey = null,
        string? secondaryKey = null,
        string? idScope = null,
        bool groupEnabled = true)
    {
        var owned = dataFolder is null ? new TempFolder() : null;
        var options = new DpsEmulatorOptions
        {
            DataFolder = dataFolder ?? owned!.Path,
            CreateDemoEnrollment = false,
            AssignmentDelay = TimeSpan.Zero,
            RetryAfterSeconds = 1,
            ThrottleRetryAfterSeconds = 1,
            IdScope = idScope,
        };
        configure?.Invoke(options);
        var server = await DpsEmulatorServer.StartAsync(options);
        var existing = server.Enrollments.Groups.FirstOrDefault(g => g.EnrollmentGroupId == "group-1");
        groupKey ??= existing?.PrimaryKey ?? SymmetricKeys.GenerateKey();
        secondaryKey ??= existing?.SecondaryKey ?? SymmetricKeys.GenerateKey();
        await server.Enrollments.AddOrUpdateGroupAsync(new EnrollmentGroup
        {
            EnrollmentGroupId = "group-1",
            PrimaryKey = groupKey,
            SecondaryKey = secondaryKey,
            IotHubs = [Hub1, Hub2],
            Enabled = groupEnabled,
        });
        return new TestEmulator(server, owned, groupKey, secondaryKey);
    }

    /// <summary>The DPS requests (register, poll, status) the emulator saw, by arrival.</summary>
    public IReadOnlyList<RequestLogEntry> DpsRequests() =>
        [.. Server.RequestLog.Snapshot().Where(e => e.Kind is RequestKind.Register or RequestKind.Poll or RequestKind.Status).OrderBy(e => e.StartUtc)];

    /// <summary>The hub requests the emulator saw.</summary>
    public IReadOnlyList<RequestLogEntry> HubRequests() => [.. Server.RequestLog.Snapshot().Where(e => e.Kind == RequestKind.Hub).OrderBy(e => e.StartUtc)];

    /// <summary>A device.json for this emulator (endpoint "localhost", reached through <see cref="Resolve"/>), plus <paramref name="fields"/>.</summary>
    public string WriteConfig(string path, IDictionary<string, object?>? fields = null)
    {
        var config = new Dictionary<string, object?>
        {
            ["idScope"] = IdScope,
            ["endpoint"] = "localhost",
            ["groupKey"] = GroupKey,
        };
        foreach (var (name, value) in fields ?? new Dictionary<string, object?>())
        {
            config[name] = value;
        }

        File.WriteAllText(path, JsonSerializer.Serialize(config.Where(p => p.Value is not null).ToDictionary(), new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _folder?.Dispose();
    }
}
