using System.Collections.Concurrent;

namespace NanoDps.Emulator;

/// <summary>At most <c>limit</c> accepted events per key in any <c>window</c> (rejected events don't count).</summary>
internal sealed class SlidingWindowLimiter
{
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Queue<long>> _events = new(StringComparer.OrdinalIgnoreCase);
    private int _calls;

    public SlidingWindowLimiter(int limit, TimeSpan window, TimeProvider time)
    {
        _limit = limit;
        _window = window;
        _time = time;
    }

    public bool TryAcquire(string key)
    {
        var now = _time.GetTimestamp();
        if (Interlocked.Increment(ref _calls) % 4096 == 0)
        {
            Prune(now);
        }

        var queue = _events.GetOrAdd(key, _ => new Queue<long>());
        lock (queue)
        {
            while (queue.Count > 0 && _time.GetElapsedTime(queue.Peek(), now) >= _window)
            {
                queue.Dequeue();
            }

            if (queue.Count >= _limit)
            {
                return false;
            }

            queue.Enqueue(now);
            return true;
        }
    }

    private void Prune(long now)
    {
        foreach (var (key, queue) in _events)
        {
            lock (queue)
            {
                if (queue.Count == 0 || _time.GetElapsedTime(queue.Last(), now) >= _window)
                {
                    _events.TryRemove(key, out _);
                }
            }
        }
    }
}
