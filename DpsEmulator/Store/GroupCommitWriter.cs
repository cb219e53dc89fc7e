using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// The queue of <see cref="PendingWrite"/>s and the one thread that commits them: whatever is
/// queued goes into one transaction (group commit), so a burst of requests shares a few commits and
/// each request waits for the commit that holds its row. A change shows in the
/// <see cref="RegistrationIndex"/> only once it is committed.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxBatch = 1024;

    private readonly RegistrationsDatabase _database;
    private readonly RegistrationIndex _index;
    private readonly ILogger _logger;
    private readonly Channel<PendingWrite> _pending = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _writer;
    private int _disposed;

    public GroupCommitWriter(RegistrationsDatabase database, RegistrationIndex index, ILogger logger)
    {
        _database = database;
        _index = index;
        _logger = logger;
        // Its own thread: it blocks in SQLite for every commit, and on two cores a blocked thread-pool
        // thread starves the requests that wait for that very commit.
        _writer = new Thread(Write) { IsBackground = true, Name = "registrations.db writer" };
        _writer.Start();
    }

    /// <summary>Queues a change; the task completes once it is committed, or fails with the <see cref="SqliteException"/>.</summary>
    /// <exception cref="ObjectDisposedException">The writer has stopped.</exception>
    public Task Enqueue(PendingWrite write)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_pending.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(GroupCommitWriter));
        }

        return write.Committed.Task;
    }

    /// <summary>Commits what is queued, then stops the thread.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _pending.Writer.TryComplete();
        await Task.Run(_writer.Join).ConfigureAwait(false);
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
                _database.Commit(batch);

                // Visible only now that it is on disk.
                foreach (var write in batch)
                {
                    Show(write);
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

    private void Show(PendingWrite write)
    {
        if (write.Record is { } record)
        {
            _index.Put(record);
        }

        if (write.DeleteRegistration is { } deleted)
        {
            _index.Remove(deleted);
        }

        foreach (var gone in write.Enrollments?.RegistrationDeletes ?? [])
        {
            _index.Remove(gone);
        }
    }
}
