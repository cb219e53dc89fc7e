namespace NanoDps.FleetSim.Engine;

/// <summary>
/// The discrete-event core: a virtual clock and a priority queue of events. Events run in time
/// order; events at the same millisecond run in the order they were scheduled, so a run is
/// deterministic. Nothing sleeps: <see cref="TryNext"/> jumps the clock to the next event.
/// </summary>
public sealed class EventQueue<T>
{
    private readonly PriorityQueue<T, EventKey> _queue = new(EventKeyComparer.Instance);
    private long _sequence;

    /// <summary>Virtual time in milliseconds since the start of the run.</summary>
    public long Now { get; private set; }

    /// <summary>Events waiting.</summary>
    public int Count => _queue.Count;

    /// <summary>Events taken so far.</summary>
    public long Processed { get; private set; }

    /// <summary>Schedules <paramref name="item"/> at <paramref name="timeMs"/> (never before now).</summary>
    public void Schedule(long timeMs, T item)
    {
        if (timeMs < Now)
        {
            throw new ArgumentOutOfRangeException(nameof(timeMs), $"event at {timeMs} ms is in the past (now {Now} ms)");
        }

        _queue.Enqueue(item, new EventKey(timeMs, _sequence++));
    }

    /// <summary>Schedules <paramref name="item"/> <paramref name="delayMs"/> after now.</summary>
    public void After(long delayMs, T item) => Schedule(Now + delayMs, item);

    /// <summary>Takes the earliest event and moves the clock to its time; false when none is left.</summary>
    public bool TryNext(out T item)
    {
        if (!_queue.TryDequeue(out item!, out var key))
        {
            return false;
        }

        Now = key.Time;
        Processed++;
        return true;
    }

    /// <summary>Time of the earliest event, or <see cref="long.MaxValue"/> when empty.</summary>
    public long PeekTime() => _queue.TryPeek(out _, out var key) ? key.Time : long.MaxValue;

    private readonly record struct EventKey(long Time, long Sequence);

    private sealed class EventKeyComparer : IComparer<EventKey>
    {
        public static readonly EventKeyComparer Instance = new();

        public int Compare(EventKey x, EventKey y)
        {
            int byTime = x.Time.CompareTo(y.Time);
            return byTime != 0 ? byTime : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
