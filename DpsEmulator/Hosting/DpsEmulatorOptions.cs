using System.Net;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>Settings of a <see cref="DpsEmulatorServer"/>. Defaults match DPS where DPS has one.</summary>
public sealed class DpsEmulatorOptions
{
    /// <summary>
    /// Folder for <c>registrations.db</c> (registrations and enrollments), <c>enrollments.json</c> (their
    /// import and export copy), <c>ca.pem</c> and the other certificate files, the service API's
    /// <c>service-policy.json</c> and <c>service-connection-string.txt</c>, and <c>requests.jsonl</c>.
    /// Created if missing. Default <c>.dps-emulator</c>.
    /// </summary>
    public string DataFolder { get; set; } = ".dps-emulator";

    /// <summary>Address to listen on. Default 127.0.0.1 (loopback only).</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>TCP port; 0 picks a free one (read <see cref="DpsEmulatorServer.Port"/>). Default 0.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Id scope of a new data folder when the imported <c>enrollments.json</c> has none. Null: a new
    /// <c>0ne</c> + 8 hex digits scope.
    /// </summary>
    public string? IdScope { get; set; }

    /// <summary>
    /// At the first start without an <c>enrollments.json</c>, create a demo enrollment group with random 64-byte keys
    /// (true, default) or start with no enrollment (false; add them with <see cref="DpsEmulatorServer.Enrollments"/>).
    /// </summary>
    public bool CreateDemoEnrollment { get; set; } = true;

    /// <summary>
    /// The IoT hubs "linked" to this DPS: an enrollment that names no hub (no <c>iotHubs</c>, no
    /// <c>iotHubHostName</c>) allocates over them, as in DPS. The server certificate covers them.
    /// Default <c>hub-1.dps-emulator.local</c> and <c>hub-2.dps-emulator.local</c>; empty: such an
    /// enrollment fails with 400208 (no hub).
    /// </summary>
    public IReadOnlyList<string> LinkedHubs { get; set; } = ["hub-1.dps-emulator.local", "hub-2.dps-emulator.local"];

    /// <summary>Time from register until the operation is assigned. Default 2 s.</summary>
    public TimeSpan AssignmentDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retry-After (seconds) of 202 answers (register and polls while assigning). Default 3, as DPS.</summary>
    public int RetryAfterSeconds { get; set; } = 3;

    /// <summary>Retry-After (seconds) of 429 answers, from quotas or injected. Default 3.</summary>
    public int ThrottleRetryAfterSeconds { get; set; } = 3;

    /// <summary>
    /// How far a SAS token's <c>se</c> may lie in the past and still be accepted (device clock
    /// behind the service's). Default 5 minutes.
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Throttling limits.</summary>
    public QuotaOptions Quotas { get; set; } = new();

    /// <summary>Fault profile. Default <see cref="FaultProfile.None"/>.</summary>
    public FaultProfile Faults { get; set; } = FaultProfile.None;

    /// <summary>Seed of the fault generator. Default 0.</summary>
    public int FaultSeed { get; set; }

    /// <summary>
    /// Clock for token expiry, assignment delay, quotas and timestamps. Default <see cref="TimeProvider.System"/>;
    /// tests pass a fake one. Certificates and slow-fault delays always use real time.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logging; null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Also append every request log entry to <c>requests.jsonl</c> in the data folder. Default false.</summary>
    public bool WriteRequestLogFile { get; set; }

    /// <summary>Request log entries kept in memory. Default 100,000.</summary>
    public int RequestLogCapacity { get; set; } = 100_000;

    /// <summary>Hub messages kept in memory, at most. Default 100,000 (the oldest are dropped).</summary>
    public int HubMessageCapacity { get; set; } = 100_000;

    /// <summary>Bytes of hub message bodies kept in memory, at most, all devices together. Default 64 MiB (the oldest are dropped).</summary>
    public long HubMessageBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Bytes of hub message bodies kept in memory, at most, per device. Default 4 MiB (that device's oldest are dropped).</summary>
    public long HubMessageBytesPerDevice { get; set; } = 4L * 1024 * 1024;

    /// <summary>How long a finished or abandoned operation can still be polled. Default 15 minutes.</summary>
    public TimeSpan OperationRetention { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Whether the dashboard (<c>/</c>) and the emulator API (<c>/emulator/</c>) ask for the service
    /// key (<c>service-connection-string.txt</c> in the data folder). Null (default): only when
    /// <see cref="ListenAddress"/> is not a loopback address.
    /// </summary>
    public bool? DashboardSignIn { get; set; }

    /// <summary>
    /// How long a custom allocation webhook may take before the registration fails with 400207.
    /// Default 30 s.
    /// </summary>
    public TimeSpan CustomAllocationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Certificates an HTTPS webhook's certificate may chain to besides the system's roots (a local
    /// Functions host's development certificate, say). Default none.
    /// </summary>
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> WebhookTrustedCertificates { get; set; } = [];

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CustomAllocationTimeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(WebhookTrustedCertificates);
        ArgumentException.ThrowIfNullOrWhiteSpace(DataFolder);
        ArgumentNullException.ThrowIfNull(ListenAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(AssignmentDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(RetryAfterSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(ThrottleRetryAfterSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(ClockSkew, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(OperationRetention, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(HubMessageCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(HubMessageBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(HubMessageBytesPerDevice, 1);
        ArgumentNullException.ThrowIfNull(Quotas);
        ArgumentNullException.ThrowIfNull(Faults);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        Quotas.Validate();
        Faults.Validate();
        ArgumentNullException.ThrowIfNull(LinkedHubs);
        foreach (var hub in LinkedHubs)
        {
            if (!Identifiers.IsValidHostName(hub))
            {
                throw new ArgumentException($"'{hub}' in LinkedHubs is not a DNS host name.", nameof(LinkedHubs));
            }
        }

        if (IdScope is not null && !Identifiers.IsValidIdScope(IdScope))
        {
            throw new ArgumentException($"'{IdScope}' is not a usable id scope.", nameof(IdScope));
        }
    }
}
