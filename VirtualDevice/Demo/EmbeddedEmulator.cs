using System.Net;
using NanoDps.Emulator;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;

namespace NanoDps.VirtualDevice.Demo;

/// <summary>
/// The DPS emulator the no-argument run starts in this process (its data folder keeps the id scope,
/// the demo enrollment group with its keys, the CA and the registrations from run to run), and the
/// device config that goes with it. The device's endpoint is <see cref="Endpoint"/> on port 443;
/// <see cref="Routes"/> sends that name and the emulator's hub names to the emulator's real port, so a
/// stored assignment stays valid although the emulator gets a new free port at every start.
/// </summary>
public sealed class EmbeddedEmulator : IAsyncDisposable
{
    /// <summary>The DPS endpoint in the demo config.</summary>
    public const string Endpoint = "localhost";

    /// <summary>The custom payload the demo config sends with the registration (DPS echoes it back).</summary>
    public const string DemoPayload = "{\"modelId\":\"nanodps-virtual-esp32\",\"firmwareVersion\":\"" + Board.VirtualFirmware.Version + "\"}";

    private EmbeddedEmulator(DpsEmulatorServer server, EnrollmentGroup group)
    {
        Server = server;
        Group = group;
        Routes = new HostRoutes();
        var target = new IPEndPoint(IPAddress.Loopback, server.Port);
        Routes.Add(Endpoint, target);
        foreach (string hub in server.Enrollments.HubNames)
        {
            Routes.Add(hub, target);
        }
    }

    /// <summary>The running emulator.</summary>
    public DpsEmulatorServer Server { get; }

    /// <summary>The enrollment group the device joins: "demo-group", or the first group of an edited enrollments.json.</summary>
    public EnrollmentGroup Group { get; }

    /// <summary>Where the device's host names connect.</summary>
    public HostRoutes Routes { get; }

    /// <summary>Starts the emulator in <paramref name="dataFolder"/> on a free loopback port.</summary>
    /// <exception cref="InvalidDataException">The data folder's enrollments.json is invalid or has no enrollment group.</exception>
    public static async Task<EmbeddedEmulator> StartAsync(string dataFolder, FaultProfile faults, int faultSeed, Action<DpsEmulatorOptions>? configure)
    {
        var options = new DpsEmulatorOptions
        {
            DataFolder = dataFolder,
            Port = 0,
            CreateDemoEnrollment = true,
            Faults = faults,
            FaultSeed = faultSeed,
        };
        configure?.Invoke(options);
        DpsEmulatorServer server = await DpsEmulatorServer.StartAsync(options).ConfigureAwait(false);
        EnrollmentGroup? group = server.Enrollments.Groups.FirstOrDefault(g => g.EnrollmentGroupId == "demo-group") ?? server.Enrollments.Groups.FirstOrDefault();
        if (group is null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidDataException($"the emulator's enrollments.json in {Path.GetFullPath(dataFolder)} has no enrollment group: add one, or delete the folder to get the demo group back");
        }

        return new EmbeddedEmulator(server, group);
    }

    /// <summary>Telemetry interval of the demo's device.json: short, so that --app-messages shows a few messages quickly.</summary>
    public const int DemoTelemetryIntervalSeconds = 10;

    /// <summary>The device.json the demo deploys: this emulator's id scope and the group's primary key.</summary>
    public DeviceConfig DeviceConfig()
    {
        var config = new DeviceConfig
        {
            IdScope = Server.IdScope,
            Endpoint = Endpoint,
            GroupKey = Group.PrimaryKey,
            PayloadJson = DemoPayload,
            TelemetryIntervalSeconds = DemoTelemetryIntervalSeconds,
        };
        config.ApplyDefaults();
        return config;
    }

    /// <summary>Trust exactly the emulator's root CA (its ca.pem).</summary>
    public TrustedRoots Roots() => TrustedRoots.FromFiles([Server.CaCertificatePath]);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
