using System.Collections.Concurrent;

namespace NanoDps.Emulator;

/// <summary>
/// The committed registration records in memory, so reads never touch the disk: by registration id,
/// by hub and device id, and the newest few for the dashboard. Only <see cref="GroupCommitWriter"/>
/// (after a commit) and the load at open change it.
/// </summary>
internal sealed class RegistrationIndex
{
    /// <summary>How many of the newest committed records <see cref="Newest"/> can return.</summary>
    internal const int NewestCapacity = 256;

    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, RegistrationRecord> _byRegistration = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, RegistrationRecord> _byHubDevice = new(StringComparer.OrdinalIgnoreCase);
    private readonly RegistrationRecord[] _newest = new RegistrationRecord[NewestCapacity];
    private long _indexed;
    private long _changes;

    /// <summary>Number of records.</summary>
    public int Count => _byRegistration.Count;

    /// <summary>All records (a snapshot).</summary>
    public IReadOnlyList<RegistrationRecord> All => [.. _byRegistration.Values];

    /// <summary>Grows with every change of the records (new, updated or deleted): a reader can tell that something changed.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>The record of a registration id (case-insensitive), or null.</summary>
    public RegistrationRecord? Find(string registrationId) =>
        _byRegistration.TryGetValue(registrationId, out var record) ? record : null;

    /// <summary>The record of a device on a hub (both case-insensitive), or null.</summary>
    public RegistrationRecord? FindDevice(string hub, string deviceId) =>
        _byHubDevice.TryGetValue(HubDeviceKey(hub, deviceId), out var record) ? record : null;

    /// <summary>
    /// The newest records that are still stored (not replaced or deleted since), newest first, at
    /// most <paramref name="count"/> (and <see cref="NewestCapacity"/>): a few hundred references
    /// looked at under the lock, so a reader never holds up the writer for long.
    /// </summary>
    public IReadOnlyList<RegistrationRecord> Newest(int count)
    {
        var result = new List<RegistrationRecord>();
        lock (_lock)
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

    /// <summary>Adds the record, or replaces the one of its registration id.</summary>
    public void Put(RegistrationRecord record)
    {
        lock (_lock)
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

    /// <summary>Removes the record of a registration id (case-insensitive), if any.</summary>
    public void Remove(string registrationId)
    {
        lock (_lock)
        {
            if (_byRegistration.TryRemove(registrationId, out var previous))
            {
                RemoveHubDevice(previous);
                Interlocked.Increment(ref _changes);
            }
        }
    }

    private static string HubDeviceKey(string hub, string deviceId) => hub + "\n" + deviceId;

    /// <summary>
    /// Removes the hub's entry for <paramref name="record"/>'s device only while it is still that record's:
    /// another registration with the same device id on the same hub (registered later) keeps the device.
    /// </summary>
    private void RemoveHubDevice(RegistrationRecord record) =>
        _byHubDevice.TryRemove(new KeyValuePair<string, RegistrationRecord>(HubDeviceKey(record.AssignedHub, record.DeviceId), record));
}
