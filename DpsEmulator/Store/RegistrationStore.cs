using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// Registration records, the operations in progress and the enrollments, in SQLite
/// (<c>registrations.db</c> in the data folder: WAL, synchronous=NORMAL, prepared statements);
/// records are mirrored in memory so reads never touch the disk, and the enrollments are read once
/// at open (<see cref="EnrollmentManager"/> keeps them in memory and writes changes through).
/// </summary>
/// <remarks>
/// Commit, then answer: <see cref="UpsertAsync"/> and <see cref="SaveOperationAsync"/> complete
/// only once their row is committed, and a record shows in memory only from then on. One writer
/// task commits whatever is queued in one transaction (group commit), so a burst of requests
/// shares a few commits and each request waits for the commit that holds its row. WAL with
/// synchronous=NORMAL makes a commit durable against a crash of the process (kill -9); a power cut
/// of the machine can still lose the last commits before a WAL checkpoint.
/// </remarks>
internal sealed class RegistrationStore : IAsyncDisposable
{
    /// <summary>File name of the database in the data folder.</summary>
    public const string FileName = "registrations.db";

    private const int MaxBatch = 1024;

    /// <summary>How many of the newest committed records <see cref="Newest"/> can return.</summary>
    internal const int NewestCapacity = 256;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _insertOperation;
    private readonly SqliteCommand _deleteOperations;
    private readonly Lock _indexLock = new();
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _writer;
    private readonly Thread _checkpointer;
    private readonly ManualResetEventSlim _stopCheckpoints = new();
    private readonly ConcurrentDictionary<string, RegistrationRecord> _byRegistration = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RegistrationRecord> _byHubDevice = new(StringComparer.OrdinalIgnoreCase);
    private readonly RegistrationRecord[] _newest = new RegistrationRecord[NewestCapacity];
    private readonly ILogger _logger;
    private int _disposed;
    private long _indexed;
    private long _changes;

    /// <summary>Opens (or creates) the database and loads it.</summary>
    /// <exception cref="EmulatorEnvironmentException">The file is not a usable SQLite database.</exception>
    public RegistrationStore(string databasePath, ILogger logger)
    {
        _logger = logger;
        KeepPrivate(databasePath);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            _connection.Open();
            if (SQLitePCL.raw.sqlite3_db_readonly(_connection.Handle, "main") == 1)
            {
                // SQLite opens a file it may not write read-only, without a word: every register would get 500.
                _connection.Dispose();
                throw new EmulatorEnvironmentException(
                    $"cannot open {databasePath} for writing (the file is read-only for this user); fix the permissions of the file and its folder, or choose another folder with --data.");
            }

            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA synchronous=NORMAL;");
            Execute("PRAGMA wal_autocheckpoint=0;"); // checkpoints (and their fsync) run on their own thread
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
                    enrollment_group_id TEXT NULL,
                    initial_hub         TEXT NULL
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS enrollment_groups (
                    group_key           TEXT NOT NULL PRIMARY KEY,
                    position            INTEGER NOT NULL,
                    document            TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS individual_enrollments (
                    registration_key    TEXT NOT NULL PRIMARY KEY,
                    document            TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS settings (
                    name                TEXT NOT NULL PRIMARY KEY,
                    value               TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS operations (
                    operation_id        TEXT NOT NULL PRIMARY KEY,
                    registration_id     TEXT NOT NULL,
                    enrollment_group_id TEXT NULL,
                    payload             TEXT NULL,
                    created_utc         TEXT NOT NULL,
                    ready_utc           TEXT NOT NULL
                ) WITHOUT ROWID;
                """);
            AddColumnIfMissing("registrations", "initial_hub", "TEXT NULL"); // databases from before reprovisioning
            Load();
        }
        catch (SqliteException e)
        {
            _connection.Dispose();
            throw new EmulatorEnvironmentException(OpenFailure(databasePath, e), e);
        }

        _upsert = Prepare("""
            INSERT INTO registrations (registration_key, registration_id, device_id, assigned_hub, status, substatus,
                                       created_utc, last_updated_utc, etag, payload, enrollment_group_id, initial_hub)
            VALUES ($key, $id, $device, $hub, $status, $substatus, $created, $updated, $etag, $payload, $group, $initial)
            ON CONFLICT(registration_key) DO UPDATE SET
                registration_id = excluded.registration_id, device_id = excluded.device_id,
                assigned_hub = excluded.assigned_hub, status = excluded.status, substatus = excluded.substatus,
                created_utc = excluded.created_utc, last_updated_utc = excluded.last_updated_utc,
                etag = excluded.etag, payload = excluded.payload, enrollment_group_id = excluded.enrollment_group_id,
                initial_hub = excluded.initial_hub;
            """, "$key", "$id", "$device", "$hub", "$status", "$substatus", "$created", "$updated", "$etag", "$payload", "$group", "$initial");
        _insertOperation = Prepare("""
            INSERT OR REPLACE INTO operations (operation_id, registration_id, enrollment_group_id, payload, created_utc, ready_utc)
            VALUES ($op, $id, $group, $payload, $created, $ready);
            """, "$op", "$id", "$group", "$payload", "$created", "$ready");
        _deleteOperations = Prepare("DELETE FROM operations WHERE ready_utc < $before;", "$before");
        // Its own thread: it blocks in SQLite for every commit, and on two cores a blocked thread-pool
        // thread starves the requests that wait for that very commit.
        _writer = new Thread(Write) { IsBackground = true, Name = "registrations.db writer" };
        _writer.Start();
        _checkpointer = new Thread(() => Checkpoint(databasePath)) { IsBackground = true, Name = "registrations.db checkpoint" };
        _checkpointer.Start();
    }

    /// <summary>Number of records.</summary>
    public int Count => _byRegistration.Count;

    /// <summary>All records (a snapshot).</summary>
    public IReadOnlyList<RegistrationRecord> All => [.. _byRegistration.Values];

    /// <summary>Grows with every committed change of the records (new, updated or deleted): a reader can tell that something changed.</summary>
    internal long Changes => Interlocked.Read(ref _changes);

    /// <summary>
    /// The newest committed records that are still stored (not replaced or deleted since), newest
    /// first, at most <paramref name="count"/> (and <see cref="NewestCapacity"/>): a few hundred
    /// references looked at under the index lock, so a reader never holds up the writer for long.
    /// </summary>
    internal IReadOnlyList<RegistrationRecord> Newest(int count)
    {
        var result = new List<RegistrationRecord>();
        lock (_indexLock)
        {
            var n = (int)Math.Min(_indexed, NewestCapacity);
            for (var i = 0; i < n && result.Count < count; i++)
            {
                var record = _newest[(int)((_indexed - 1 - i) % NewestCapacity)];
                if (_byRegistration.TryGetValue(record.RegistrationId, out var current) && ReferenceEquals(current, record) && !result.Contains(record))
                {
                    result.Add(record);
                }
            }
        }

        return result;
    }

    /// <summary>The operations found in the database at start (those that were answered before a stop or crash).</summary>
    public IReadOnlyList<StoredOperation> LoadedOperations { get; private set; } = [];

    /// <summary>The enrollments found in the database at open.</summary>
    public StoredEnrollments LoadedEnrollments { get; private set; } = new(null, [], [], null, null, null);

    /// <summary>The committed record of a registration id (case-insensitive), or null.</summary>
    public RegistrationRecord? Find(string registrationId) =>
        _byRegistration.TryGetValue(registrationId, out var record) ? record : null;

    /// <summary>The committed record of a device on a hub (both case-insensitive), or null.</summary>
    public RegistrationRecord? FindDevice(string hub, string deviceId) =>
        _byHubDevice.TryGetValue(HubDeviceKey(hub, deviceId), out var record) ? record : null;

    /// <summary>Inserts or replaces the record of <see cref="RegistrationRecord.RegistrationId"/>; completes once it is committed.</summary>
    /// <exception cref="SqliteException">The commit failed (the record is not stored).</exception>
    public Task UpsertAsync(RegistrationRecord record) => Enqueue(new PendingWrite { Record = record });

    /// <summary>Deletes the record of a registration id (case-insensitive); completes once committed.</summary>
    public Task DeleteAsync(string registrationId) => Enqueue(new PendingWrite { DeleteRegistration = registrationId });

    /// <summary>Saves an operation that was accepted (so a poll after a restart still finds it); completes once committed.</summary>
    public Task SaveOperationAsync(StoredOperation operation) => Enqueue(new PendingWrite { Operation = operation });

    /// <summary>Forgets operations ready before <paramref name="before"/> (not waited for).</summary>
    public void DeleteOperationsBefore(DateTimeOffset before) => _ = Enqueue(new PendingWrite { DeleteBefore = before });

    /// <summary>Commits a change of the enrollments (and the registration records it deletes); completes once committed.</summary>
    /// <exception cref="SqliteException">The commit failed (nothing of it is stored).</exception>
    public Task SaveEnrollmentsAsync(EnrollmentWrite write) => Enqueue(new PendingWrite { Enrollments = write });

    /// <summary>Writes what is queued, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _pending.Writer.TryComplete();
        _stopCheckpoints.Set();
        await Task.Run(() =>
        {
            _writer.Join();
            _checkpointer.Join();
        }).ConfigureAwait(false);
        _stopCheckpoints.Dispose();
        _upsert.Dispose();
        _insertOperation.Dispose();
        _deleteOperations.Dispose();
        _connection.Dispose();
    }

    /// <summary>
    /// The database holds enrollment keys: 0600, like enrollments.json. A new file is made so before
    /// SQLite opens it; SQLite gives its -wal and -shm files the database file's mode.
    /// </summary>
    private static void KeepPrivate(string databasePath)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            if (!Path.Exists(databasePath))
            {
                using (new FileStream(databasePath, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Private }))
                {
                }

                return;
            }

            foreach (var path in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
            {
                if (File.Exists(path) && (File.GetUnixFileMode(path) & ~Private) != 0)
                {
                    File.SetUnixFileMode(path, Private);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Opening it fails too, and says why in one line (OpenFailure).
        }
    }

    /// <summary>One line: what is wrong with the database file and the fix (SQLite's primary result codes).</summary>
    private static string OpenFailure(string path, SqliteException e)
    {
        var reason = e.Message.TrimEnd('.');
        return (e.SqliteErrorCode & 0xFF) switch
        {
            // SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_AUTH
            3 or 8 or 14 or 23 => $"cannot open {path} for writing ({reason}); fix the permissions of the file and its folder, or choose another folder with --data.",
            // SQLITE_IOERR, SQLITE_FULL
            10 or 13 => $"cannot write {path} ({reason}); free disk space or choose another folder with --data.",
            // SQLITE_BUSY, SQLITE_LOCKED
            5 or 6 => $"{path} is locked by another program ({reason}); close it (an sqlite3 shell, a backup tool) and start again.",
            // SQLITE_CORRUPT, SQLITE_NOTADB, and anything else about the content
            _ => $"{path} is not a usable SQLite database ({reason}); move it away or delete it "
                + "(with its -wal and -shm files) to start with no registrations: the enrollments come back from enrollments.json (their copy), the CA is kept.",
        };
    }

    private static string Time(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    private static string HubDeviceKey(string hub, string deviceId) => hub + "\n" + deviceId;

    private Task Enqueue(PendingWrite write)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_pending.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(RegistrationStore));
        }

        return write.Committed.Task;
    }

    private void Write()
    {
        var reader = _pending.Reader;
        var batch = new List<PendingWrite>(MaxBatch);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                using (var transaction = _connection.BeginTransaction())
                {
                    _upsert.Transaction = _insertOperation.Transaction = _deleteOperations.Transaction = transaction;
                    foreach (var write in batch)
                    {
                        Execute(write);
                    }

                    transaction.Commit();
                }

                // Visible only now that it is on disk.
                foreach (var write in batch)
                {
                    if (write.Record is { } record)
                    {
                        Index(record);
                    }

                    if (write.DeleteRegistration is { } deleted)
                    {
                        Unindex(deleted);
                    }

                    foreach (var gone in write.Enrollments?.RegistrationDeletes ?? [])
                    {
                        Unindex(gone);
                    }

                    write.Committed.TrySetResult();
                }
            }
            catch (SqliteException e)
            {
                _logger.LogError("Could not save {Count} changes to the database ({Message}); the requests that made them get 500.", batch.Count, e.Message);
                foreach (var write in batch)
                {
                    write.Committed.TrySetException(e);
                }
            }
        }
    }

    /// <summary>
    /// Copies the WAL into the database file every second, from a connection of its own, so the
    /// commits that requests wait for never wait for the checkpoint's fsync.
    /// </summary>
    private void Checkpoint(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        while (!_stopCheckpoints.Wait(TimeSpan.FromSeconds(1)))
        {
            try
            {
                checkpoint.ExecuteNonQuery();
            }
            catch (SqliteException e)
            {
                _logger.LogWarning("Checkpoint of {Path} failed ({Message}); the WAL keeps the data and grows until one succeeds.", databasePath, e.Message);
            }
        }

        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        try
        {
            checkpoint.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // The WAL stays; SQLite replays it at the next open.
        }
    }

    private void Execute(PendingWrite write)
    {
        if (write.Record is { } r)
        {
            Bind(_upsert, r.RegistrationId.ToLowerInvariant(), r.RegistrationId, r.DeviceId, r.AssignedHub, r.Status, r.Substatus,
                Time(r.CreatedUtc), Time(r.LastUpdatedUtc), r.ETag, r.PayloadJson, r.EnrollmentGroupId, r.InitialHub);
            _upsert.ExecuteNonQuery();
        }
        else if (write.Operation is { } o)
        {
            Bind(_insertOperation, o.OperationId, o.RegistrationId, o.EnrollmentGroupId, o.PayloadJson, Time(o.CreatedUtc), Time(o.ReadyUtc));
            _insertOperation.ExecuteNonQuery();
        }
        else if (write.DeleteBefore is { } before)
        {
            Bind(_deleteOperations, Time(before));
            _deleteOperations.ExecuteNonQuery();
        }
        else if (write.DeleteRegistration is { } id)
        {
            Run("DELETE FROM registrations WHERE registration_key = $1;", id.ToLowerInvariant());
        }
        else
        {
            Execute(write.Enrollments!);
        }
    }

    private void Execute(EnrollmentWrite write)
    {
        if (write.ReplaceAll)
        {
            Run("DELETE FROM enrollment_groups;");
            Run("DELETE FROM individual_enrollments;");
        }

        foreach (var key in write.GroupDeletes)
        {
            Run("DELETE FROM enrollment_groups WHERE group_key = $1;", key);
        }

        foreach (var (key, position, row) in write.GroupUpserts)
        {
            Run("INSERT OR REPLACE INTO enrollment_groups (group_key, position, document) VALUES ($1, $2, $3);",
                key, position.ToString(CultureInfo.InvariantCulture), row);
        }

        foreach (var key in write.IndividualDeletes)
        {
            Run("DELETE FROM individual_enrollments WHERE registration_key = $1;", key);
        }

        foreach (var (key, row) in write.IndividualUpserts)
        {
            Run("INSERT OR REPLACE INTO individual_enrollments (registration_key, document) VALUES ($1, $2);", key, row);
        }

        foreach (var id in write.RegistrationDeletes)
        {
            Run("DELETE FROM registrations WHERE registration_key = $1;", id.ToLowerInvariant());
        }

        foreach (var (name, value) in write.Settings)
        {
            Run("INSERT OR REPLACE INTO settings (name, value) VALUES ($1, $2);", name, value);
        }
    }

    /// <summary>Runs one statement in the writer's transaction (enrollment changes are rare: not prepared).</summary>
    private void Run(string sql, params string[] values)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _upsert.Transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (i + 1).ToString(CultureInfo.InvariantCulture), values[i]);
        }

        command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, params string?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = (object?)values[i] ?? DBNull.Value;
        }
    }

    private void Index(RegistrationRecord record)
    {
        lock (_indexLock)
        {
            if (_byRegistration.TryGetValue(record.RegistrationId, out var previous))
            {
                RemoveHubDevice(previous);
            }

            _byRegistration[record.RegistrationId] = record;
            _byHubDevice[HubDeviceKey(record.AssignedHub, record.DeviceId)] = record;
            _newest[(int)(_indexed % NewestCapacity)] = record;
            _indexed++;
            Interlocked.Increment(ref _changes);
        }
    }

    private void Unindex(string registrationId)
    {
        lock (_indexLock)
        {
            if (_byRegistration.TryRemove(registrationId, out var previous))
            {
                RemoveHubDevice(previous);
                Interlocked.Increment(ref _changes);
            }
        }
    }

    /// <summary>
    /// Removes the hub's entry for <paramref name="record"/>'s device only while it is still that record's:
    /// another registration with the same device id on the same hub (registered later) keeps the device.
    /// </summary>
    private void RemoveHubDevice(RegistrationRecord record) =>
        _byHubDevice.TryRemove(new KeyValuePair<string, RegistrationRecord>(HubDeviceKey(record.AssignedHub, record.DeviceId), record));

    private void Load()
    {
        using (var select = _connection.CreateCommand())
        {
            select.CommandText = """
                SELECT registration_id, device_id, assigned_hub, status, substatus, created_utc, last_updated_utc,
                       etag, payload, enrollment_group_id, initial_hub
                FROM registrations ORDER BY last_updated_utc;
                """;
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                Index(new RegistrationRecord
                {
                    RegistrationId = reader.GetString(0),
                    DeviceId = reader.GetString(1),
                    AssignedHub = reader.GetString(2),
                    Status = reader.GetString(3),
                    Substatus = reader.GetString(4),
                    CreatedUtc = ParseTime(reader.GetString(5)),
                    LastUpdatedUtc = ParseTime(reader.GetString(6)),
                    ETag = reader.GetString(7),
                    PayloadJson = reader.IsDBNull(8) ? null : reader.GetString(8),
                    EnrollmentGroupId = reader.IsDBNull(9) ? null : reader.GetString(9),
                    InitialHub = reader.IsDBNull(10) ? null : reader.GetString(10),
                });
            }
        }

        using (var select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT operation_id, registration_id, enrollment_group_id, payload, created_utc, ready_utc FROM operations;";
            using var reader = select.ExecuteReader();
            var operations = new List<StoredOperation>();
            while (reader.Read())
            {
                operations.Add(new StoredOperation(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    ParseTime(reader.GetString(4)),
                    ParseTime(reader.GetString(5))));
            }

            LoadedOperations = operations;
        }

        LoadedEnrollments = LoadEnrollments();
    }

    private StoredEnrollments LoadEnrollments()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var groups = new List<(long, string)>();
        var individuals = new List<string>();
        using (var select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT name, value FROM settings;";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                settings[reader.GetString(0)] = reader.GetString(1);
            }
        }

        using (var select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT position, document FROM enrollment_groups ORDER BY position;";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                groups.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        using (var select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT document FROM individual_enrollments ORDER BY registration_key;";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                individuals.Add(reader.GetString(0));
            }
        }

        return new StoredEnrollments(
            settings.GetValueOrDefault(StoredEnrollments.IdScopeSetting),
            groups,
            individuals,
            settings.GetValueOrDefault(StoredEnrollments.ExportHashSetting),
            settings.GetValueOrDefault(StoredEnrollments.PreviousExportHashSetting),
            settings.GetValueOrDefault(StoredEnrollments.ContentHashSetting));
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private void AddColumnIfMissing(string table, string column, string type)
    {
        using var info = _connection.CreateCommand();
        info.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}';";
        if ((long)info.ExecuteScalar()! == 0)
        {
            Execute($"ALTER TABLE {table} ADD COLUMN {column} {type};");
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>One queued change; exactly one of its parts is set.</summary>
    private sealed class PendingWrite
    {
        public RegistrationRecord? Record { get; init; }

        public StoredOperation? Operation { get; init; }

        public DateTimeOffset? DeleteBefore { get; init; }

        public string? DeleteRegistration { get; init; }

        public EnrollmentWrite? Enrollments { get; init; }

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// An accepted registration operation as stored: enough to finish it after a restart. The
/// enrollment is named by its group id, or null for the individual enrollment of the registration id.
/// </summary>
internal sealed record StoredOperation(
    string OperationId,
    string RegistrationId,
    string? EnrollmentGroupId,
    string? PayloadJson,
    DateTimeOffset CreatedUtc,
    DateTimeOffset ReadyUtc);
