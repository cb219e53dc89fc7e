using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// What the emulator keeps: registration records, the operations in progress and the enrollments.
/// Three parts, each holding one thing: <see cref="RegistrationsDatabase"/> (the SQLite file, its
/// schema and checkpoints), <see cref="GroupCommitWriter"/> (the queue and the thread that commits
/// it) and <see cref="RegistrationIndex"/> (the committed records in memory, so reads never touch
/// the disk). The enrollments are read once at open (<see cref="EnrollmentManager"/> keeps them in
/// memory and writes changes through).
/// </summary>
/// <remarks>
/// Commit, then answer: <see cref="UpsertAsync"/> and <see cref="SaveOperationAsync"/> complete
/// only once their row is committed, and a record shows in memory only from then on.
/// </remarks>
internal sealed class RegistrationStore : IAsyncDisposable
{
    /// <summary>File name of the database in the data folder.</summary>
    public const string FileName = RegistrationsDatabase.FileName;

    private readonly RegistrationIndex _index = new();
    private readonly RegistrationsDatabase _database;
    private readonly GroupCommitWriter _writer;
    private int _disposed;

    /// <summary>Opens (or creates) the database and loads it.</summary>
    /// <exception cref="EmulatorEnvironmentException">The file is not a usable SQLite database.</exception>
    public RegistrationStore(string databasePath, ILogger logger)
    {
        _database = new RegistrationsDatabase(databasePath, _index, logger);
        _writer = new GroupCommitWriter(_database, _index, logger);
    }

    /// <summary>Number of records.</summary>
    public int Count => _index.Count;

    /// <summary>All records (a snapshot).</summary>
    public IReadOnlyList<RegistrationRecord> All => _index.All;

    /// <inheritdoc cref="RegistrationIndex.Changes"/>
    internal long Changes => _index.Changes;

    /// <inheritdoc cref="RegistrationIndex.Newest"/>
    internal IReadOnlyList<RegistrationRecord> Newest(int count) => _index.Newest(count);

    /// <summary>The operations found in the database at start (those that were answered before a stop or crash).</summary>
    public IReadOnlyList<StoredOperation> LoadedOperations => _database.LoadedOperations;

    /// <summary>The enrollments found in the database at open.</summary>
    public StoredEnrollments LoadedEnrollments => _database.LoadedEnrollments;

    /// <summary>The committed record of a registration id (case-insensitive), or null.</summary>
    public RegistrationRecord? Find(string registrationId) => _index.Find(registrationId);

    /// <summary>The committed record of a device on a hub (both case-insensitive), or null.</summary>
    public RegistrationRecord? FindDevice(string hub, string deviceId) => _index.FindDevice(hub, deviceId);

    /// <summary>Inserts or replaces the record of <see cref="RegistrationRecord.RegistrationId"/>; completes once it is committed.</summary>
    /// <exception cref="SqliteException">The commit failed (the record is not stored).</exception>
    public Task UpsertAsync(RegistrationRecord record) => _writer.Enqueue(new PendingWrite { Record = record });

    /// <summary>Deletes the record of a registration id (case-insensitive); completes once committed.</summary>
    public Task DeleteAsync(string registrationId) => _writer.Enqueue(new PendingWrite { DeleteRegistration = registrationId });

    /// <summary>Saves an operation that was accepted (so a poll after a restart still finds it); completes once committed.</summary>
    public Task SaveOperationAsync(StoredOperation operation) => _writer.Enqueue(new PendingWrite { Operation = operation });

    /// <summary>Forgets operations ready before <paramref name="before"/> (not waited for).</summary>
    public void DeleteOperationsBefore(DateTimeOffset before) => _ = _writer.Enqueue(new PendingWrite { DeleteBefore = before });

    /// <summary>Commits a change of the enrollments (and the registration records it deletes); completes once committed.</summary>
    /// <exception cref="SqliteException">The commit failed (nothing of it is stored).</exception>
    public Task SaveEnrollmentsAsync(EnrollmentWrite write) => _writer.Enqueue(new PendingWrite { Enrollments = write });

    /// <summary>Writes what is queued, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        await _database.DisposeAsync().ConfigureAwait(false);
    }
}
