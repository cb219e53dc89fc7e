using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// Registration operations and their outcome. An operation becomes terminal on the first poll or
/// status lookup at or after its ready time (register time + assignment delay), so the outcome is
/// deterministic under a fake clock and needs no timer.
/// </summary>
internal sealed class Assignments
{
    private const int PruneEvery = 1024;

    private readonly RegistrationStore _store;
    private readonly EnrollmentManager _enrollments;
    private readonly TimeProvider _time;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _retention;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Operation> _latest = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock[] _registrationLocks = [.. Enumerable.Range(0, 64).Select(_ => new Lock())];
    private int _started;

    public Assignments(RegistrationStore store, EnrollmentManager enrollments, DpsEmulatorOptions options, ILogger logger)
    {
        _store = store;
        _enrollments = enrollments;
        _time = options.TimeProvider;
        _delay = options.AssignmentDelay;
        _retention = options.OperationRetention;
        _logger = logger;
    }

    /// <summary>Operations kept in memory.</summary>
    public int OperationCount => _operations.Count;

    /// <summary>Starts an operation for a registration that passed authentication.</summary>
    public Operation Start(string registrationId, EnrollmentMatch enrollment, string? payloadJson)
    {
        var now = _time.GetUtcNow();
        if (Interlocked.Increment(ref _started) % PruneEvery == 0)
        {
            Prune(now);
        }

        var operation = new Operation
        {
            Id = NewOperationId(),
            RegistrationId = registrationId,
            Enrollment = enrollment,
            PayloadJson = payloadJson,
            CreatedUtc = now,
            ReadyUtc = now + _delay,
        };
        _operations[operation.Id] = operation;
        _latest[registrationId] = operation;
        return operation;
    }

    /// <summary>The operation with this id if it belongs to <paramref name="registrationId"/>.</summary>
    public Operation? Find(string operationId, string registrationId) =>
        _operations.TryGetValue(operationId, out var op) && op.RegistrationId.Equals(registrationId, StringComparison.OrdinalIgnoreCase)
            ? op
            : null;

    /// <summary>Makes the operation terminal if its time has come; true when it is terminal.</summary>
    public bool TryComplete(Operation operation)
    {
        if (operation.State is not null)
        {
            return true;
        }

        var now = _time.GetUtcNow();
        if (now < operation.ReadyUtc)
        {
            return false;
        }

        lock (LockFor(operation.RegistrationId))
        {
            if (operation.State is not null)
            {
                return true;
            }

            // The assignment happened at the ready time, whenever it is first observed.
            var state = Decide(operation, operation.ReadyUtc);
            operation.Result = DpsJson.OperationResult(operation.Id, state);
            operation.FinishedUtc = now;
            operation.State = state;
            return true;
        }
    }

    /// <summary>The registration state for a status lookup.</summary>
    public RegistrationStateBody CurrentState(string registrationId)
    {
        if (_latest.TryGetValue(registrationId, out var latest))
        {
            if (!TryComplete(latest))
            {
                return new RegistrationStateBody(registrationId, "assigning");
            }

            if (latest.State!.Status != "assigned")
            {
                return latest.State;
            }
        }

        return _store.Find(registrationId) is { } record
            ? RegistrationStateBody.From(record)
            : new RegistrationStateBody(registrationId, "unassigned");
    }

    /// <summary>The stable hub choice of <see cref="AllocationPolicy.Hashed"/>.</summary>
    public static int HashedIndex(string registrationId, int hubCount)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(registrationId.ToLowerInvariant()), hash);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % (uint)hubCount);
    }

    private static string NewOperationId() =>
        "1." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + "." + Guid.NewGuid().ToString("D");

    private static string NewETag() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("\"" + Guid.NewGuid().ToString("D") + "\""));

    private Lock LockFor(string registrationId) =>
        _registrationLocks[(StringComparer.OrdinalIgnoreCase.GetHashCode(registrationId) & 0x7fffffff) % _registrationLocks.Length];

    private RegistrationStateBody Decide(Operation operation, DateTimeOffset now)
    {
        var id = operation.RegistrationId;
        var enrollment = _enrollments.Current.Refresh(operation.Enrollment);
        if (enrollment is null)
        {
            _logger.LogInformation("Registration {RegistrationId} failed: its enrollment was removed.", id);
            return Failed(id, DpsErrorCodes.EnrollmentNotFound, "The enrollment of this device was not found.", now);
        }

        if (!enrollment.Enabled)
        {
            _logger.LogInformation("Registration {RegistrationId}: enrollment disabled.", id);
            return new RegistrationStateBody(id, "disabled") { CreatedUtc = operation.CreatedUtc, LastUpdatedUtc = now, ETag = NewETag() };
        }

        var groupId = enrollment.Group?.EnrollmentGroupId;
        RegistrationRecord record;
        if (_store.Find(id) is { } existing)
        {
            // Re-registration: the device keeps its first assignment.
            record = existing with { LastUpdatedUtc = now, ETag = NewETag(), PayloadJson = operation.PayloadJson, EnrollmentGroupId = groupId };
        }
        else
        {
            var hubs = enrollment.IotHubs;
            if (hubs.Count == 0)
            {
                _logger.LogInformation("Registration {RegistrationId} failed: the enrollment links no IoT hub.", id);
                return Failed(id, DpsErrorCodes.NoHub, "The enrollment links no IoT hub.", now);
            }

            var hub = enrollment.AllocationPolicy == AllocationPolicy.Static ? hubs[0] : hubs[HashedIndex(id, hubs.Count)];
            record = new RegistrationRecord
            {
                RegistrationId = id,
                DeviceId = enrollment.DeviceIdFor(id),
                AssignedHub = hub.ToLowerInvariant(),
                CreatedUtc = now,
                LastUpdatedUtc = now,
                ETag = NewETag(),
                PayloadJson = operation.PayloadJson,
                EnrollmentGroupId = groupId,
            };
            _logger.LogInformation("Assigned {RegistrationId} to {Hub} as device {DeviceId}.", id, record.AssignedHub, record.DeviceId);
        }

        _store.Upsert(record);
        return RegistrationStateBody.From(record);
    }

    private static RegistrationStateBody Failed(string id, int code, string message, DateTimeOffset now) =>
        new(id, "failed") { CreatedUtc = now, ErrorCode = code, ErrorMessage = message, LastUpdatedUtc = now, ETag = NewETag() };

    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, op) in _operations)
        {
            if ((op.FinishedUtc ?? op.ReadyUtc) + _retention < now)
            {
                _operations.TryRemove(id, out _);
                _latest.TryRemove(new KeyValuePair<string, Operation>(op.RegistrationId, op));
            }
        }
    }
}
