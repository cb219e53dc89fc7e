namespace NanoDps.Emulator;

/// <summary>
/// Messages received on the hub endpoint, in memory, bounded three ways: at most
/// <see cref="Capacity"/> messages, <see cref="MaxBytes"/> bytes of bodies in all, and
/// <see cref="MaxBytesPerDevice"/> bytes per device. The oldest go first (for the per-device
/// bound, that device's oldest), so a device that sends large messages cannot push out the others.
/// </summary>
public sealed class HubMessageStore
{
    private readonly LinkedList<HubMessage> _messages = new();
    private readonly Dictionary<string, DeviceMessages> _byDevice = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private long _bytes;
    private long _added;

    internal HubMessageStore(int capacity, long maxBytes = long.MaxValue, long maxBytesPerDevice = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytesPerDevice, 1);
        Capacity = capacity;
        MaxBytes = maxBytes;
        MaxBytesPerDevice = maxBytesPerDevice;
    }

    /// <summary>How many messages are kept, at most.</summary>
    public int Capacity { get; }

    /// <summary>How many bytes of message bodies are kept, at most, all devices together.</summary>
    public long MaxBytes { get; }

    /// <summary>How many bytes of message bodies are kept, at most, for one device.</summary>
    public long MaxBytesPerDevice { get; }

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

    /// <summary>Bytes of message bodies kept.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
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

    /// <summary>Grows with every message received: a reader can tell that something changed.</summary>
    internal long Added
    {
        get
        {
            lock (_lock)
            {
                return _added;
            }
        }
    }

    /// <summary>
    /// The devices that sent the newest messages, newest first, at most <paramref name="maxDevices"/>,
    /// found among the newest <paramref name="maxScan"/> messages, with the count and bytes kept for
    /// each and its newest message: bounded work under the lock the hub endpoint takes.
    /// </summary>
    internal IReadOnlyList<HubDeviceMessages> NewestDevices(int maxDevices, int maxScan)
    {
        var result = new List<HubDeviceMessages>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        lock (_lock)
        {
            var scanned = 0;
            for (var node = _messages.Last; node is not null && result.Count < maxDevices && scanned < maxScan; node = node.Previous, scanned++)
            {
                var key = Key(node.Value);
                if (seen.Add(key))
                {
                    var device = _byDevice[key];
                    result.Add(new HubDeviceMessages(node.Value.IotHub, node.Value.DeviceId, device.Nodes.Count, device.Bytes, node.Value));
                }
            }
        }

        return result;
    }

    /// <summary>Forgets all messages.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _messages.Clear();
            _byDevice.Clear();
            _bytes = 0;
        }
    }

    internal void Add(HubMessage message)
    {
        var key = Key(message);
        lock (_lock)
        {
            if (!_byDevice.TryGetValue(key, out var device))
            {
                _byDevice[key] = device = new DeviceMessages();
            }

            device.Nodes.Enqueue(_messages.AddLast(message));
            _added++;
            device.Bytes += message.Body.Length;
            _bytes += message.Body.Length;

            while (device.Bytes > MaxBytesPerDevice && device.Nodes.Count > 1)
            {
                Remove(device.Nodes.Peek(), key);
            }

            while ((_messages.Count > Capacity || _bytes > MaxBytes) && _messages.Count > 1)
            {
                var oldest = _messages.First!;
                Remove(oldest, Key(oldest.Value));
            }
        }
    }

    private static string Key(HubMessage message) => message.IotHub + "\n" + message.DeviceId;

    private void Remove(LinkedListNode<HubMessage> node, string key)
    {
        // The oldest message of its device is always that device's first node.
        var device = _byDevice[key];
        device.Nodes.Dequeue();
        device.Bytes -= node.Value.Body.Length;
        _bytes -= node.Value.Body.Length;
        _messages.Remove(node);
        if (device.Nodes.Count == 0)
        {
            _byDevice.Remove(key);
        }
    }

    private sealed class DeviceMessages
    {
        public Queue<LinkedListNode<HubMessage>> Nodes { get; } = new();

        public long Bytes { get; set; }
    }
}

/// <summary>What the hub store keeps of one device: how many messages and bytes, and the newest message.</summary>
internal sealed record HubDeviceMessages(string IotHub, string DeviceId, int Count, long Bytes, HubMessage Newest);
