using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// Registration records in SQLite (<c>registrations.db</c> in the data folder: WAL,
/// synchronous=NORMAL, one prepared upsert), mirrored in memory so reads never touch the disk.
/// </summary>
/// <remarks>
/// Writes are behind: <see cref="Upsert"/> updates memory at once and queues the row; one writer
/// task commits whatever is queued in one transaction (group commit), so requests never wait for
/// the disk and a burst of registrations costs a few commits. <see cref="DisposeAsync"/> writes
/// everything queued; a crash (not a stop) can lose the last few milliseconds of registrations.
/// </remarks>
internal sealed class RegistrationStore : IAsyncDisposable
{
    private const int MaxBatch = 2048;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsert;
    private readonly Lock _indexLock = new();
    private readonly Channel<RegistrationRecord> _pending = Channel.CreateUnbounded<RegistrationRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly ConcurrentDictionary<string, RegistrationRecord> _byRegistration = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RegistrationRecord> _byHubDevice = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger _logger;
    private int _disposed;

    public RegistrationStore(string databasePath, ILogger logger)
    {
        _logger = logger;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=NORMAL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS registrations (
                registration_key    TEXT NOT NULL PRIMARY KEY,
                registration_id     TEXT NOT NULL,
                device_id           TEXT NOT NULL,
                assigned_hub        TEXT NOT NULL,
                status              TEXT NOT NULL,
                substatus           TEXT NOT NULL,
                created_utc         TEXT NOT NULL,
                last_updated_utc    TEXT NOT NULL,
                etag                TEXT NOT NULL,
                payload             TEXT NULL,
                enrollment_group_id TEXT NULL
            ) WITHOUT ROWID;
            """);
        Load();

        _upsert = _connection.CreateCommand();
        _upsert.CommandText = """
            INSERT INTO registrations (registration_key, registration_id, device_id, assigned_hub, status, substatus,
                                       created_utc, last_updated_utc, etag, payload, enrollment_group_id)
            VALUES ($key, $id, $device, $hub, $status, $substatus, $created, $updated, $etag, $payload, $group)
            ON CONFLICT(registration_key) DO UPDATE SET
                registration_id = excluded.registration_id, device_id = excluded.device_id,
                assigned_hub = excluded.assigned_hub, status = excluded.status, substatus = excluded.substatus,
                created_utc = excluded.created_utc, last_updated_utc = excluded.last_updated_utc,
                etag = excluded.etag, payload = excluded.payload, enrollment_group_id = excluded.enrollment_group_id;
            """;
        foreach (var name in new[] { "$key", "$id", "$device", "$hub", "$status", "$substatus", "$created", "$updated", "$etag", "$payload", "$group" })
        {
            _upsert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _upsert.Prepare();
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Number of records.</summary>
    public int Count => _byRegistration.Count;

    /// <summary>All records (a snapshot).</summary>
    public IReadOnlyList<RegistrationRecord> All => [.. _byRegistration.Values];

    /// <summary>The record of a registration id (case-insensitive), or null.</summary>
    public RegistrationRecord? Find(string registrationId) =>
        _byRegistration.TryGetValue(registrationId, out var record) ? record : null;

    /// <summary>The record of a device on a hub (both case-insensitive), or null.</summary>
    public RegistrationRecord? FindDevice(string hub, string deviceId) =>
        _byHubDevice.TryGetValue(HubDeviceKey(hub, deviceId), out var record) ? record : null;

    /// <summary>Inserts or replaces the record of <see cref="RegistrationRecord.RegistrationId"/> (in memory now, on disk shortly).</summary>
    public void Upsert(RegistrationRecord record)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_indexLock)
        {
            if (_byRegistration.TryGetValue(record.RegistrationId, out var previous))
            {
                _byHubDevice.TryRemove(HubDeviceKey(previous.AssignedHub, previous.DeviceId), out _);
            }

            _byRegistration[record.RegistrationId] = record;
            _byHubDevice[HubDeviceKey(record.AssignedHub, record.DeviceId)] = record;
        }

        _pending.Writer.TryWrite(record);
    }

    /// <summary>Writes what is queued, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _upsert.Dispose();
        _connection.Dispose();
    }

    private async Task WriteAsync()
    {
        var reader = _pending.Reader;
        var batch = new List<RegistrationRecord>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            try
            {
                using var transaction = _connection.BeginTransaction();
                _upsert.Transaction = transaction;
                foreach (var record in batch)
                {
                    Bind(record);
                    _upsert.ExecuteNonQuery();
                }

                transaction.Commit();
            }
            catch (SqliteException e)
            {
                _logger.LogError(e, "Could not save {Count} registrations to the database; they stay in memory only.", batch.Count);
            }
        }
    }

    private void Bind(RegistrationRecord record)
    {
        var p = _upsert.Parameters;
        p[0].Value = record.RegistrationId.ToLowerInvariant();
        p[1].Value = record.RegistrationId;
        p[2].Value = record.DeviceId;
        p[3].Value = record.AssignedHub;
        p[4].Value = record.Status;
        p[5].Value = record.Substatus;
        p[6].Value = record.CreatedUtc.ToString("O", CultureInfo.InvariantCulture);
        p[7].Value = record.LastUpdatedUtc.ToString("O", CultureInfo.InvariantCulture);
        p[8].Value = record.ETag;
        p[9].Value = (object?)record.PayloadJson ?? DBNull.Value;
        p[10].Value = (object?)record.EnrollmentGroupId ?? DBNull.Value;
    }

    private static string HubDeviceKey(string hub, string deviceId) => hub + "\n" + deviceId;

    private void Load()
    {
        using var select = _connection.CreateCommand();
        select.CommandText = """
            SELECT registration_id, device_id, assigned_hub, status, substatus, created_utc, last_updated_utc,
                   etag, payload, enrollment_group_id
            FROM registrations;
            """;
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var record = new RegistrationRecord
            {
                RegistrationId = reader.GetString(0),
                DeviceId = reader.GetString(1),
                AssignedHub = reader.GetString(2),
                Status = reader.GetString(3),
                Substatus = reader.GetString(4),
                CreatedUtc = DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                LastUpdatedUtc = DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
                ETag = reader.GetString(7),
                PayloadJson = reader.IsDBNull(8) ? null : reader.GetString(8),
                EnrollmentGroupId = reader.IsDBNull(9) ? null : reader.GetString(9),
            };
            _byRegistration[record.RegistrationId] = record;
            _byHubDevice[HubDeviceKey(record.AssignedHub, record.DeviceId)] = record;
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
