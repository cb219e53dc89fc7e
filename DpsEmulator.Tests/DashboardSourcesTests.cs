namespace NanoDps.Emulator.Tests;

/// <summary>
/// The read-only views the dashboard takes of the emulator's stores: bounded copies, newest first,
/// and the counts of the last minute; and the fault switch's fresh sequence.
/// </summary>
public sealed class DashboardSourcesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_request_log_gives_its_newest_entries_newest_first_and_bounded()
    {
        var log = new RequestLog(capacity: 1000, filePath: null);
        Assert.Empty(log.Newest(10));
        for (var i = 0; i < 300; i++)
        {
            log.Add(Entry(T0.AddSeconds(i), RequestKind.Register, 202, registrationId: $"d-{i}"));
        }

        Assert.Equal(["d-299", "d-298", "d-297"], log.Newest(3).Select(e => e.RegistrationId));
        Assert.Equal(RequestLog.NewestCapacity, log.Newest(1000).Count);
        Assert.Equal("d-44", log.Newest(1000)[^1].RegistrationId);

        // A smaller log than the ring gives what it keeps.
        var small = new RequestLog(capacity: 2, filePath: null);
        small.Add(Entry(T0, RequestKind.Poll, 200));
        small.Add(Entry(T0, RequestKind.Poll, 202));
        small.Add(Entry(T0, RequestKind.Poll, 429));
        Assert.Equal([429, 202], small.Newest(10).Select(e => e.Status));
        small.Clear();
        Assert.Empty(small.Newest(10));
    }

    [Fact]
    public void The_counts_of_the_last_minute_tell_registers_operations_429s_and_faults_apart_and_forget_older_seconds()
    {
        var log = new RequestLog(capacity: 1000, filePath: null);
        log.Add(Entry(T0.AddSeconds(-61), RequestKind.Register, 202)); // too old at T0
        log.Add(Entry(T0.AddSeconds(-59), RequestKind.Register, 202));
        log.Add(Entry(T0.AddSeconds(-10), RequestKind.Register, 429));
        log.Add(Entry(T0.AddSeconds(-10), RequestKind.Register, 429, fault: "throttle"));
        log.Add(Entry(T0, RequestKind.Poll, 200));
        log.Add(Entry(T0, RequestKind.Status, 429));
        log.Add(Entry(T0, RequestKind.Hub, 204));
        log.Add(Entry(T0, RequestKind.Poll, 503, fault: "server-error-503"));

        Assert.Equal(new RequestCounts(Registers: 3, RegistersAccepted: 1, RegistersThrottled: 1, Operations: 3, OperationsAccepted: 1,
            OperationsThrottled: 1, InjectedFaults: 2, HubMessages: 1), log.LastMinute(T0));
        // 60 s later only the requests of T0 are in the minute; a second that is reused forgets its old counts.
        Assert.Equal(new RequestCounts(0, 0, 0, 3, 1, 1, 1, 1), log.LastMinute(T0.AddSeconds(59)));
        log.Add(Entry(T0.AddSeconds(60), RequestKind.Register, 202));
        Assert.Equal(new RequestCounts(1, 1, 0, 0, 0, 0, 0, 0), log.LastMinute(T0.AddSeconds(60)));
    }

    [Fact]
    public void The_hub_store_names_the_devices_of_the_newest_messages_with_their_counts()
    {
        var store = new HubMessageStore(capacity: 100);
        var time = T0;
        HubMessage Message(string device, string body) => new("hub-1", device, System.Text.Encoding.UTF8.GetBytes(body), null, new Dictionary<string, string>(), time = time.AddSeconds(1));
        store.Add(Message("a", "1"));
        store.Add(Message("b", "22"));
        store.Add(Message("a", "333"));
        store.Add(Message("c", "4444"));

        var devices = store.NewestDevices(maxDevices: 2, maxScan: 100);
        Assert.Equal(["c", "a"], devices.Select(d => d.DeviceId));
        Assert.Equal((2, 4L, "333"), (devices[1].Count, devices[1].Bytes, devices[1].Newest.BodyText));
        Assert.Equal(["c", "a"], store.NewestDevices(10, maxScan: 2).Select(d => d.DeviceId)); // the scan is bounded
        Assert.Equal(4, store.Added);
    }

    [Fact]
    public async Task The_registration_store_tells_of_every_change_a_deletion_too()
    {
        using var folder = new Support.TempFolder();
        await using var store = new RegistrationStore(Path.Combine(folder.Path, RegistrationStore.FileName), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        RegistrationRecord Record(string id) => new() { RegistrationId = id, DeviceId = id, AssignedHub = "hub-1", CreatedUtc = T0, LastUpdatedUtc = T0, ETag = "IjEi" };
        await store.UpsertAsync(Record("kept"));
        await store.UpsertAsync(Record("gone"));
        var before = store.Changes;

        await store.DeleteAsync("gone");
        await store.DeleteAsync("never-there");

        Assert.True(store.Changes > before, "the dashboard's feed looks at Changes to tell that the page is out of date");
        Assert.Equal(["kept"], store.Newest(10).Select(r => r.RegistrationId));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void A_switched_fault_profile_starts_its_sequence_afresh_from_the_new_seed()
    {
        var injector = new FaultInjector(FaultProfile.Chaos, seed: 1);
        for (var i = 0; i < 17; i++)
        {
            injector.Next();
        }

        injector.Switch(FaultProfile.ThrottleStorm, seed: 9);

        var after = Enumerable.Range(0, 40).Select(_ => injector.Next().Kind).ToList();
        Assert.Equal(FaultProfile.ThrottleStorm.Preview(9, 40), after);
        Assert.Equal((FaultProfile.ThrottleStorm, 9), injector.Current);

        injector.Switch(FaultProfile.None, seed: 0);
        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal(FaultKind.None, injector.Next().Kind));
        Assert.Throws<ArgumentException>(() => injector.Switch(FaultProfile.Chaos with { ThrottleRate = 2 }, 0));
        Assert.Equal(FaultProfile.None, injector.Current.Profile);
    }

    private static RequestLogEntry Entry(DateTimeOffset start, RequestKind kind, int status, string? fault = null, string? registrationId = null) =>
        new("PUT", "/x", status, start, start, registrationId, kind, fault, null);
}
