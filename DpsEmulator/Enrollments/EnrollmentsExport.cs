using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// Keeps <c>enrollments.json</c> a copy of the enrollments in the store: rewritten after changes
/// (at once when idle, then at most once a second while changes keep coming, so a client creating
/// thousands of enrollments does not rewrite a growing file thousands of times), and once more when
/// the emulator stops.
/// </summary>
/// <remarks>
/// The store remembers the SHA-256 of the last two files written, so that the next start can tell
/// the emulator's own file (ignored: the store is the truth) from one edited by hand (imported).
/// Each export commits the new hash before the file is renamed into place; a crash in between
/// leaves the previous export on disk, which the previous hash still recognises.
/// </remarks>
internal sealed class EnrollmentsExport : IAsyncDisposable
{
    /// <summary>Where a hand-edited file goes when the running emulator has to overwrite it.</summary>
    public const string EditedSuffix = ".edited";

    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly EnrollmentManager _enrollments;
    private readonly RegistrationStore _store;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _dirty;
    private string? _hash;
    private string? _previousHash;
    private string? _contentHash;

    /// <param name="path">The file.</param>
    /// <param name="enrollments">What it is a copy of.</param>
    /// <param name="store">Where the hashes are kept.</param>
    /// <param name="exported">The hashes the store holds: of the last file written or imported, of the one before, and of the enrollments it showed.</param>
    /// <param name="logger">Where an overwritten hand edit is reported.</param>
    public EnrollmentsExport(string path, EnrollmentManager enrollments, RegistrationStore store, (string? File, string? PreviousFile, string? Content) exported, ILogger logger)
    {
        _path = path;
        _enrollments = enrollments;
        _store = store;
        (_hash, _previousHash, _contentHash) = exported;
        _logger = logger;
    }

    /// <summary>The text an export of <paramref name="enrollments"/> writes.</summary>
    public static string Text(EnrollmentManager enrollments)
    {
        var snapshot = enrollments.Current;
        return EnrollmentsFile.Text(EnrollmentsFile.ToModel(enrollments.IdScope, snapshot.Groups, snapshot.Individuals));
    }

    /// <summary>Starts following the changes of the enrollments.</summary>
    public void Start()
    {
        _enrollments.Changed += Request;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Asks for an export (returns at once).</summary>
    public void Request()
    {
        Interlocked.Exchange(ref _dirty, 1);
        _signal.Release();
    }

    /// <summary>
    /// Writes the file unless it already shows the enrollments: it is the file last written or
    /// imported, and the enrollments are those it showed then (so an imported hand-written file, with
    /// its comments, stays as it is until the enrollments change).
    /// </summary>
    public async Task WriteAsync()
    {
        var text = Text(_enrollments);
        var hash = EnrollmentsFile.Hash(text);
        var onDisk = File.Exists(_path) ? EnrollmentsFile.Hash(await File.ReadAllTextAsync(_path).ConfigureAwait(false)) : null;
        if (onDisk is not null && onDisk == _hash && hash == _contentHash)
        {
            return;
        }

        if (onDisk is not null && onDisk != _hash && onDisk != _previousHash && onDisk != hash)
        {
            // Edited by hand while the emulator ran: keep the edit, say where, and how to apply it.
            File.Copy(_path, _path + EditedSuffix, overwrite: true);
            _logger.LogWarning(
                "{Path} was edited while the emulator was running; the running emulator keeps its enrollments in registrations.db and rewrote the file. "
                + "The edit is saved as {Edited}: stop the emulator, copy it back to {Path}, and start again to import it.",
                _path, _path + EditedSuffix, _path);
        }

        var temp = _path + ".tmp";
        EnrollmentsFile.WritePrivate(temp, text);
        await _store.SaveEnrollmentsAsync(new EnrollmentWrite
        {
            Settings = new Dictionary<string, string>
            {
                [StoredEnrollments.ExportHashSetting] = hash,
                [StoredEnrollments.PreviousExportHashSetting] = _hash ?? hash,
                [StoredEnrollments.ContentHashSetting] = hash,
            },
        }).ConfigureAwait(false);
        (_previousHash, _hash, _contentHash) = (_hash ?? hash, hash, hash);
        File.Move(temp, _path, overwrite: true);
    }

    /// <summary>Stops following the changes and writes what is pending.</summary>
    public async ValueTask DisposeAsync()
    {
        _enrollments.Changed -= Request;
        if (_loop is not null)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _loop.ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _dirty, 0) == 1)
        {
            await TryWriteAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _signal.Dispose();
    }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                await _signal.WaitAsync(_stop.Token).ConfigureAwait(false);
                if (Interlocked.Exchange(ref _dirty, 0) == 0)
                {
                    continue;
                }

                await TryWriteAsync().ConfigureAwait(false);
                await Task.Delay(MinInterval, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: DisposeAsync writes what is pending.
        }
    }

    private async Task TryWriteAsync()
    {
        try
        {
            await WriteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException)
        {
            // The store holds the enrollments; only the copy is behind.
            _logger.LogWarning("Could not write {Path} ({Message}); the enrollments are safe in registrations.db, the file follows at the next change.", _path, e.Message);
        }
    }
}
