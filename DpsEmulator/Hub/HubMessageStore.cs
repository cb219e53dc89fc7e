namespace NanoDps.Emulator;

/// <summary>Messages received on the hub endpoint, in memory (the newest <see cref="Capacity"/>).</summary>
public sealed class HubMessageStore
{
    private readonly Queue<HubMessage> _messages = new();
    private readonly Lock _lock = new();

    internal HubMessageStore(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>How many messages are kept.</summary>
    public int Capacity { get; }

    /// <summary>Number of messages kept.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>A copy of the messages, oldest first.</summary>
    public IReadOnlyList<HubMessage> Snapshot()
    {
        lock (_lock)
        {
            return [.. _messages];
        }
    }

    /// <summary>Forgets all messages.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _messages.Clear();
        }
    }

    internal void Add(HubMessage message)
    {
        lock (_lock)
        {
            _messages.Enqueue(message);
            if (_messages.Count > Capacity)
            {
                _messages.Dequeue();
            }
        }
    }
}
