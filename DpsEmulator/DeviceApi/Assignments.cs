using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// Registration operations and their outcome. An operation becomes terminal on the first poll or
/// status lookup at or after its ready time (register time + assignment delay), so the outcome is
/// deterministic under a fake clock and needs no timer. Commit, then answer: an operation is
/// saved before its 202, an assignment before its 200 (<see cref="RegistrationStore"/>).
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
    private readonly CustomAllocator? _custom;
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Operation> _latest = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim[] _registrationGates = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];
    private int _started;

    public Assignments(RegistrationStore store, EnrollmentManager enrollments, DpsEmulatorOptions options, ILogger logger, CustomAllocator? custom = null)
    {
        _custom = custom;
        _store = store;
        _enrollments = enrollments;
        _time = options.TimeProvider;
        _delay = options.AssignmentDelay;
        _retention = options.OperationRetention;
        _logger = logger;
        Restore(store.LoadedOperations);
    }

    /// <summary>Operations kept in memory.</summary>
    public int OperationCount => _operations.Count;

    /// <summary>Starts an operation for a registration that passed authentication; completes once it is saved.</summary>
    public async Task<Operation> StartAsync(string registrationId, EnrollmentMatch enrollment, string? payloadJson)
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
        await _store.SaveOperationAsync(new StoredOperation(
            operation.Id, registrationId, enrollment.Group?.EnrollmentGroupId, payloadJson, operation.CreatedUtc, operation.ReadyUtc)).ConfigureAwait(false);
        _operations[operation.Id] = operation;
        _latest[registrationId] = operation;
        if (enrollment.AllocationPolicy == AllocationPolicy.Custom && _custom is not null)
        {
            // DPS calls the webhook while the device polls: the operation stays assigning until it answers.
            operation.Webhook = _custom.AllocateAsync(registrationId, enrollment, payloadJson, _store.Find(registrationId));
        }

        return operation;
    }

    /// <summary>The operation with this id if it belongs to <paramref name="registrationId"/>.</summary>
    public Operation? Find(string operationId, string registrationId) =>
        _operations.TryGetValue(operationId, out var op) && op.RegistrationId.Equals(registrationId, StringComparison.OrdinalIgnoreCase)
            ? op
            : null;

    /// <summary>
    /// Makes the operation terminal if its time has come (an assignment is committed first); true
    /// when it is terminal. Concurrent polls of one operation share one decision.
    /// </summary>
    public async Task<bool> TryCompleteAsync(Operation operation)
    {
        if (operation.State is not null)
        {
            return true;
        }

        var now = _time.GetUtcNow();
        if (now < operation.ReadyUtc || operation.Webhook is { IsCompleted: false })
        {
            return false;
        }

        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (operation.ClaimCompletion(mine.Task) is { } running)
        {
            await running.ConfigureAwait(false);
            return true;
        }

        try
        {
            // The assignment happened at the ready time, whenever it is first observed.
            var state = await DecideAsync(operation, operation.ReadyUtc).ConfigureAwait(false);
            operation.Result = DpsJson.OperationResult(operation.Id, state);
            operation.FinishedUtc = now;
            operation.State = state;
            mine.SetResult();
            return true;
        }
        catch (Exception e)
        {
            operation.ReleaseCompletion(mine.Task); // a later poll tries again
            mine.SetException(e);
            throw;
        }
    }

    /// <summary>The registration state for a status lookup.</summary>
    public async Task<RegistrationStateBody> CurrentStateAsync(string registrationId)
    {
        if (_latest.TryGetValue(registrationId, out var latest))
        {
            if (!await TryCompleteAsync(latest).ConfigureAwait(false))
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

    /// <summary>
    /// Deletes the registration record of <paramref name="registrationId"/> if <paramref name="ifMatch"/>
    /// allows it (the service API's DELETE /registrations/{id}); the device's next register is a first
    /// registration again. One decision at a time per registration id, as for assignments.
    /// </summary>
    public async Task<ChangeOutcome> DeleteRegistrationAsync(string registrationId, IfMatch? ifMatch)
    {
        var gate = GateFor(registrationId);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var record = _store.Find(registrationId);
            if (record is null)
            {
                return ChangeOutcome.NotFound;
            }

            if (ifMatch is not null && !ifMatch.Matches(record.ETag))
            {
                return ChangeOutcome.PreconditionFailed;
            }

            await _store.DeleteAsync(record.RegistrationId).ConfigureAwait(false);
            _logger.LogInformation("Deleted the registration record of {RegistrationId} (service API).", registrationId);
            return ChangeOutcome.Done;
        }
        finally
        {
            gate.Release();
        }
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

    private static string NewETag() => ETags.New();

    private SemaphoreSlim GateFor(string registrationId) =>
        _registrationGates[(StringComparer.OrdinalIgnoreCase.GetHashCode(registrationId) & 0x7fffffff) % _registrationGates.Length];

    private async Task<RegistrationStateBody> DecideAsync(Operation operation, DateTimeOffset now)
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

        CustomAllocationResult? custom = null;
        if (enrollment.AllocationPolicy == AllocationPolicy.Custom && _custom is not null)
        {
            custom = await (operation.Webhook ??= _custom.AllocateAsync(id, enrollment, operation.PayloadJson, _store.Find(id))).ConfigureAwait(false);
            if (custom.Failure is { } failure)
            {
                return Failed(id, DpsErrorCodes.CustomAllocationFailed, "Custom allocation failed: " + failure, now);
            }
        }

        // One decision at a time per registration id, from reading the stored record to its commit.
        var gate = GateFor(id);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var record = NewOrUpdatedRecord(operation, enrollment, now, custom);
            if (record is null)
            {
                _logger.LogInformation("Registration {RegistrationId} failed: the enrollment links no IoT hub.", id);
                return Failed(id, DpsErrorCodes.NoHub, "The enrollment links no IoT hub.", now);
            }

            await _store.UpsertAsync(record).ConfigureAwait(false);
            _custom?.StoreTwin(record.AssignedHub, record.DeviceId, custom?.InitialTwinJson);
            return RegistrationStateBody.From(record);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The record to store; null when there is no hub. A first registration is allocated by the
    /// enrollment's policy. A re-registration follows the enrollment's reprovision policy: with
    /// <c>updateHubAssignment</c> false the device keeps its hub; with true (DPS's default) allocation
    /// runs again, and a device that moves gets <c>deviceDataMigrated</c> or <c>deviceDataReset</c>
    /// (<c>migrateDeviceData</c>), or <c>reprovisionedToInitialAssignment</c> back on its first hub.
    /// </summary>
    private RegistrationRecord? NewOrUpdatedRecord(Operation operation, EnrollmentMatch enrollment, DateTimeOffset now, CustomAllocationResult? custom)
    {
        // A custom allocation returns the webhook's payload to the device, not the device's own.
        var payload = custom is null ? operation.PayloadJson : custom.PayloadJson;
        var id = operation.RegistrationId;
        var groupId = enrollment.Group?.EnrollmentGroupId;
        var existing = _store.Find(id);
        var policy = enrollment.ReprovisionPolicy;
        var hubs = enrollment.IotHubs;
        if (existing is not null && (!policy.UpdateHubAssignment || hubs.Count == 0))
        {
            return existing with { LastUpdatedUtc = now, ETag = NewETag(), PayloadJson = payload, EnrollmentGroupId = groupId };
        }

        if (hubs.Count == 0)
        {
            return null;
        }

        var hub = (custom?.Hub ?? (enrollment.AllocationPolicy == AllocationPolicy.Static ? hubs[0] : hubs[HashedIndex(id, hubs.Count)])).ToLowerInvariant();
        if (existing is not null)
        {
            var initialHub = existing.InitialHub ?? existing.AssignedHub;
            var moved = !hub.Equals(existing.AssignedHub, StringComparison.OrdinalIgnoreCase);
            var substatus = !moved ? existing.Substatus
                : hub.Equals(initialHub, StringComparison.OrdinalIgnoreCase) ? "reprovisionedToInitialAssignment"
                : policy.MigrateDeviceData ? "deviceDataMigrated"
                : "deviceDataReset";
            if (moved)
            {
                _logger.LogInformation("Re-assigned {RegistrationId} from {From} to {Hub} ({Substatus}).", id, existing.AssignedHub, hub, substatus);
            }

            return existing with
            {
                AssignedHub = hub,
                DeviceId = enrollment.DeviceIdFor(id),
                Substatus = substatus,
                InitialHub = initialHub,
                LastUpdatedUtc = now,
                ETag = NewETag(),
                PayloadJson = payload,
                EnrollmentGroupId = groupId,
            };
        }

        var record = new RegistrationRecord
        {
            RegistrationId = id,
            DeviceId = enrollment.DeviceIdFor(id),
            AssignedHub = hub,
            InitialHub = hub,
            CreatedUtc = now,
            LastUpdatedUtc = now,
            ETag = NewETag(),
            PayloadJson = payload,
            EnrollmentGroupId = groupId,
        };
        _logger.LogInformation("Assigned {RegistrationId} to {Hub} as device {DeviceId}.", id, record.AssignedHub, record.DeviceId);
        return record;
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

        _store.DeleteOperationsBefore(now - _retention);
    }

    /// <summary>Takes back the operations answered before the last stop or crash that are still within retention.</summary>
    private void Restore(IReadOnlyList<StoredOperation> stored)
    {
        var now = _time.GetUtcNow();
        foreach (var saved in stored.OrderBy(o => o.CreatedUtc))
        {
            if (saved.ReadyUtc + _retention < now)
            {
                continue;
            }

            // The enrollment as it is now; a placeholder when it is gone (the operation then fails with 404201).
            var enrollment = saved.EnrollmentGroupId is { } groupId
                ? new EnrollmentMatch(_enrollments.Groups.FirstOrDefault(g => g.EnrollmentGroupId.Equals(groupId, StringComparison.OrdinalIgnoreCase))
                    ?? new EnrollmentGroup { EnrollmentGroupId = groupId, PrimaryKey = string.Empty, IotHubs = [] }, null)
                : new EnrollmentMatch(null, _enrollments.Individuals.FirstOrDefault(i => i.RegistrationId.Equals(saved.RegistrationId, StringComparison.OrdinalIgnoreCase))
                    ?? new IndividualEnrollment { RegistrationId = saved.RegistrationId, PrimaryKey = string.Empty, IotHubs = [] });
            var operation = new Operation
            {
                Id = saved.OperationId,
                RegistrationId = saved.RegistrationId,
                Enrollment = enrollment,
                PayloadJson = saved.PayloadJson,
                CreatedUtc = saved.CreatedUtc,
                ReadyUtc = saved.ReadyUtc,
            };
            _operations[operation.Id] = operation;
            _latest[operation.RegistrationId] = operation;
        }

        _store.DeleteOperationsBefore(now - _retention);
    }
}
