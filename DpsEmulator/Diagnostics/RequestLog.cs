using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;

namespace NanoDps.Emulator;

/// <summary>
/// The emulator's request log: the newest <see cref="Capacity"/> entries in memory (thread-safe
/// snapshots), and optionally every entry as one JSON line in <c>requests.jsonl</c> of the data folder.
/// </summary>
public sealed class RequestLog
{
    /// <summary>File name of the JSON-lines log in the data folder.</summary>
    public const string FileName = "requests.jsonl";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly RequestLogEntry FlushMarker = new(string.Empty, string.Empty, 0, default, default, null, RequestKind.Other, null, null);

    /// <summary>How many of the newest entries <see cref="Newest"/> can return.</summary>
    internal const int NewestCapacity = 256;

    private readonly Queue<RequestLogEntry> _entries = new();
    private readonly RequestLogEntry[] _newest = new RequestLogEntry[NewestCapacity];
    private readonly SecondCounts[] _seconds = new SecondCounts[60];
    private readonly List<TaskCompletionSource> _flushWaiters = [];
    private readonly Lock _lock = new();
    private readonly Channel<RequestLogEntry>? _fileChannel;
    private readonly Task? _fileWriter;
    private readonly Dictionary<string, TlsConnectionCount> _connections = new(StringComparer.Ordinal);
    private long _total;
    private long _added;

    internal RequestLog(int capacity, string? filePath)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        FilePath = filePath;
        if (filePath is not null)
        {
            _fileChannel = Channel.CreateUnbounded<RequestLogEntry>(new UnboundedChannelOptions { SingleReader = true });
            _fileWriter = Task.Run(() => WriteFileAsync(filePath, _fileChannel.Reader));
        }
    }

    /// <summary>How many entries are kept in memory (older ones are dropped).</summary>
    public int Capacity { get; }

    /// <summary>Full path of the JSON-lines file, or null when not written.</summary>
    public string? FilePath { get; }

    /// <summary>Entries logged since start (including dropped ones).</summary>
    public long TotalCount => Interlocked.Read(ref _total);

    /// <summary>A copy of the entries in memory, oldest first.</summary>
    public IReadOnlyList<RequestLogEntry> Snapshot()
    {
        lock (_lock)
        {
            return [.. _entries];
        }
    }

    /// <summary>
    /// The newest <paramref name="count"/> entries (at most <see cref="NewestCapacity"/>), newest
    /// first: a copy of a few references, so a reader holds the lock the request path takes only
    /// for a moment however long the log is.
    /// </summary>
    internal IReadOnlyList<RequestLogEntry> Newest(int count)
    {
        lock (_lock)
        {
            var n = (int)Math.Min(Math.Min(count, NewestCapacity), Math.Min(_added, _entries.Count));
            var result = new RequestLogEntry[n];
            for (var i = 0; i < n; i++)
            {
                result[i] = _newest[(int)((_added - 1 - i) % NewestCapacity)];
            }

            return result;
        }
    }

    /// <summary>What the requests that started in the 60 s up to <paramref name="now"/> were (emulator's clock), counted as they were logged.</summary>
    internal RequestCounts LastMinute(DateTimeOffset now)
    {
        var last = now.ToUnixTimeSeconds();
        var sum = default(RequestCounts);
        lock (_lock)
        {
            foreach (var second in _seconds)
            {
                if (second.Second > last - 60 && second.Second <= last)
                {
                    sum += second.Counts;
                }
            }
        }

        return sum;
    }

    /// <summary>
    /// How many TLS connections (each one handshake) <paramref name="registrationId"/> opened since
    /// start or <see cref="Clear"/>: to DPS (register, polls, status) and to the hub (as its device id).
    /// </summary>
    public TlsConnectionCount TlsConnections(string registrationId)
    {
        lock (_lock)
        {
            return _connections.GetValueOrDefault(registrationId);
        }
    }

    /// <summary>Forgets the entries in memory (not the file) and the connection counts.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _connections.Clear();
            _entries.Clear();
            _added = 0;
            Array.Clear(_seconds);
        }
    }

    /// <summary>Waits until the file has every entry logged so far.</summary>
    public async Task FlushAsync()
    {
        if (_fileChannel is null)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _flushWaiters.Add(done);
        }

        // A marker entry wakes the writer, which completes the waiters after writing what precedes it.
        if (!_fileChannel.Writer.TryWrite(FlushMarker))
        {
            return; // closed: everything was written
        }

        await done.Task.ConfigureAwait(false);
    }

    /// <summary>Stops the file writer after writing what is queued (the server does this when it stops).</summary>
    internal async ValueTask CloseAsync()
    {
        if (_fileChannel is not null && _fileChannel.Writer.TryComplete())
        {
            await _fileWriter!.ConfigureAwait(false);
        }
    }

    internal void Add(RequestLogEntry entry)
    {
        Interlocked.Increment(ref _total);
        lock (_lock)
        {
            _entries.Enqueue(entry);
            if (_entries.Count > Capacity)
            {
                _entries.Dequeue();
            }

            _newest[(int)(_added++ % NewestCapacity)] = entry;
            Count(entry);
            if (entry.NewConnection == true && entry.RegistrationId is { } id)
            {
                var count = _connections.GetValueOrDefault(id);
                _connections[id] = entry.Kind == RequestKind.Hub ? count with { Hub = count.Hub + 1 } : count with { Dps = count.Dps + 1 };
            }
        }

        _fileChannel?.Writer.TryWrite(entry);
    }

    /// <summary>Adds <paramref name="entry"/> to the counts of its second (under the lock).</summary>
    private void Count(RequestLogEntry entry)
    {
        var second = entry.StartUtc.ToUnixTimeSeconds();
        ref var slot = ref _seconds[(int)(((second % 60) + 60) % 60)];
        if (slot.Second != second)
        {
            slot = new SecondCounts { Second = second };
        }

        slot.Counts += RequestCounts.Of(entry);
    }

    private async Task WriteFileAsync(string path, ChannelReader<RequestLogEntry> reader)
    {
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        await using var writer = new StreamWriter(stream) { AutoFlush = false };
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var flushRequested = false;
            while (reader.TryRead(out var entry))
            {
                if (ReferenceEquals(entry, FlushMarker))
                {
                    flushRequested = true;
                    continue;
                }

                await writer.WriteLineAsync(JsonSerializer.Serialize(entry, JsonOptions)).ConfigureAwait(false);
            }

            await writer.FlushAsync().ConfigureAwait(false);
            if (flushRequested)
            {
                TaskCompletionSource[] waiters;
                lock (_lock)
                {
                    waiters = [.. _flushWaiters];
                    _flushWaiters.Clear();
                }

                foreach (var waiter in waiters)
                {
                    waiter.TrySetResult();
                }
            }
        }
    }

    /// <summary>The counts of one second of the request log.</summary>
    private struct SecondCounts
    {
        public long Second;
        public RequestCounts Counts;
    }
}
