using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// The SQLite file <c>registrations.db</c> in the data folder: its five tables (registrations,
/// operations, enrollment groups, individual enrollments, settings) and their migration, the load at
/// open, the statements a batch of <see cref="PendingWrite"/>s runs in one transaction, and the
/// checkpoint thread. WAL, synchronous=NORMAL, prepared statements.
/// </summary>
/// <remarks>
/// WAL with synchronous=NORMAL makes a commit durable against a crash of the process (kill -9); a
/// power cut of the machine can still lose the last commits before a WAL checkpoint.
/// </remarks>
internal sealed class RegistrationsDatabase : IAsyncDisposable
{
    /// <summary>File name of the database in the data folder.</summary>
    public const string FileName = "registrations.db";

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upsert;
    private readonly SqliteCommand _insertOperation;
    private readonly SqliteCommand _deleteOperations;
    private readonly Thread _checkpointer;
    private readonly ManualResetEventSlim _stopCheckpoints = new();
    private readonly ILogger _logger;

    /// <summary>Opens (or creates) the database and loads its records into <paramref name="index"/>.</summary>
    /// <exception cref="EmulatorEnvironmentException">The file is not a usable SQLite database.</exception>
    public RegistrationsDatabase(string databasePath, RegistrationIndex index, ILogger logger)
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
            LoadRecords(index);
            LoadedOperations = LoadOperations();
            LoadedEnrollments = LoadEnrollments();
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
        _checkpointer = new Thread(() => Checkpoint(databasePath)) { IsBackground = true, Name = "registrations.db checkpoint" };
        _checkpointer.Start();
    }

    /// <summary>The operations found at open (those that were answered before a stop or crash).</summary>
    public IReadOnlyList<StoredOperation> LoadedOperations { get; }

    /// <summary>The enrollments found at open.</summary>
    public StoredEnrollments LoadedEnrollments { get; }

    /// <summary>Runs every change of <paramref name="batch"/> in one transaction and commits it (called by the one writer thread).</summary>
    /// <exception cref="SqliteException">Nothing of the batch is stored.</exception>
    public void Commit(IReadOnlyList<PendingWrite> batch)
    {
        using var transaction = _connection.BeginTransaction();
        _upsert.Transaction = _insertOperation.Transaction = _deleteOperations.Transaction = transaction;
        foreach (var write in batch)
        {
            Execute(write);
        }

        transaction.Commit();
    }

    /// <summary>Stops the checkpoints (after a last one that empties the WAL) and closes the file; the writer must have stopped.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopCheckpoints.Set();
        await Task.Run(_checkpointer.Join).ConfigureAwait(false);
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

    private void LoadRecords(RegistrationIndex index)
    {
        using var select = _connection.CreateCommand();
        select.CommandText = """
            SELECT registration_id, device_id, assigned_hub, status, substatus, created_utc, last_updated_utc,
                   etag, payload, enrollment_group_id, initial_hub
            FROM registrations ORDER BY last_updated_utc;
            """;
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            index.Put(new RegistrationRecord
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

    private List<StoredOperation> LoadOperations()
    {
        using var select = _connection.CreateCommand();
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

        return operations;
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
}
