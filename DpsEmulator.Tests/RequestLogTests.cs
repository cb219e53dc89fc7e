using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>The request log: what it records, in memory and in requests.jsonl, and that it holds no secret.</summary>
public sealed class RequestLogTests
{
    [Fact]
    public async Task Each_request_is_logged_with_kind_status_times_and_registration_id()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.AssignmentDelay = TimeSpan.FromSeconds(2));
        var start = emu.Now;
        var token = emu.Token("logged-1");
        using var register = await emu.RegisterAsync("logged-1", token);
        var operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;
        emu.Time!.Advance(TimeSpan.FromSeconds(3));
        using var poll = await emu.PollAsync("logged-1", operationId, token);
        using var status = await emu.StatusAsync("logged-1", token);
        using var bad = await emu.RegisterAsync("logged-1", emu.Token("logged-1", key: emu.GroupKey));

        var log = emu.Server.RequestLog.Snapshot();

        Assert.Equal(4, log.Count);
        Assert.Equal([RequestKind.Register, RequestKind.Poll, RequestKind.Status, RequestKind.Register], log.Select(e => e.Kind));
        Assert.Equal([202, 200, 200, 401], log.Select(e => e.Status));
        Assert.Equal(["PUT", "GET", "POST", "PUT"], log.Select(e => e.Method));
        Assert.All(log, e => Assert.Equal("logged-1", e.RegistrationId));
        Assert.All(log, e => Assert.Null(e.Fault));
        Assert.Equal($"/{emu.IdScope}/registrations/logged-1/register", log[0].Path);
        Assert.Equal($"/{emu.IdScope}/registrations/logged-1/operations/{operationId}", log[1].Path);
        Assert.Equal(start, log[0].StartUtc);
        Assert.Equal(start.AddSeconds(3), log[1].StartUtc);
        Assert.All(log, e => Assert.True(e.EndUtc >= e.StartUtc));
        Assert.Contains("GROUP key", log[3].Detail);
        Assert.Equal(4, emu.Server.RequestLog.TotalCount);
    }

    [Fact]
    public async Task Tls_connections_are_counted_per_registration_id_a_kept_connection_once()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.AssignmentDelay = TimeSpan.FromSeconds(2));
        var token = emu.Token("kept-1");

        // One keep-alive client over real TLS: the register and its polls share one connection.
        using var register = await emu.RegisterAsync("kept-1", token);
        var operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;
        using var early = await emu.PollAsync("kept-1", operationId, token);
        emu.Time!.Advance(TimeSpan.FromSeconds(3));
        using var done = await emu.PollAsync("kept-1", operationId, token);

        Assert.Equal(new TlsConnectionCount(1, 0), emu.Server.RequestLog.TlsConnections("kept-1"));
        Assert.Equal([true, null, null], emu.Server.RequestLog.Snapshot().Select(e => e.NewConnection));

        // A second client is a second connection: one more handshake for the same device.
        using var other = new HttpClient(TrustedHttp.Handler(emu.Server.CaCertificatePath)) { BaseAddress = emu.Server.BaseAddress };
        using var again = await other.GetAsync($"/{emu.IdScope}/registrations/kept-1/operations/{operationId}?api-version={TestEmulator.DefaultApiVersion}");
        Assert.Equal(new TlsConnectionCount(2, 0), emu.Server.RequestLog.TlsConnections("kept-1"));
        Assert.Equal(new TlsConnectionCount(0, 0), emu.Server.RequestLog.TlsConnections("never-seen"));

        emu.Server.RequestLog.Clear();
        Assert.Equal(new TlsConnectionCount(0, 0), emu.Server.RequestLog.TlsConnections("kept-1"));
    }

    [Fact]
    public async Task Without_keep_alive_every_request_is_a_handshake_of_its_own()
    {
        await using var emu = await TestEmulator.StartAsync(newConnectionEachRequest: true);
        var token = emu.Token("closed-1");

        using var register = await emu.RegisterAsync("closed-1", token);
        var operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;
        using var poll = await emu.PollAsync("closed-1", operationId, token);

        Assert.Equal(new TlsConnectionCount(2, 0), emu.Server.RequestLog.TlsConnections("closed-1"));
        Assert.All(emu.Server.RequestLog.Snapshot(), e => Assert.True(e.NewConnection));
    }

    [Fact]
    public async Task Log_file_has_one_json_line_per_request_and_no_signature_key_or_token()
    {
        using var folder = new TempFolder();
        var secrets = new List<string>();
        await using (var emu = await TestEmulator.StartAsync(o => o.WriteRequestLogFile = true, folder: folder.Path))
        {
            var deviceKey = emu.DeviceKey("secret-1");
            var token = emu.Token("secret-1");
            var hubToken = Sas.ForHub(TestEmulator.Hub1, "secret-1", deviceKey, emu.Now);
            secrets.AddRange([emu.GroupKey, deviceKey, Sas.SignatureOf(token), Uri.EscapeDataString(Sas.SignatureOf(token)), Sas.SignatureOf(hubToken), "sig=", "SharedAccessSignature"]);

            await emu.ProvisionAsync("secret-1");
            using var badRegister = await emu.RegisterAsync("secret-1", emu.Token("secret-1", key: emu.GroupKey));
            using var hub = await emu.Http.PostAsync($"https://{emu.Server.GetRegistration("secret-1")!.AssignedHub}:{emu.Server.Port}/devices/secret-1/messages/events?api-version=2020-03-13", new StringContent("m"));
            await emu.Server.RequestLog.FlushAsync();
            Assert.Equal(Path.Combine(folder.Path, "requests.jsonl"), emu.Server.RequestLog.FilePath);
        }

        var lines = File.ReadAllLines(Path.Combine(folder.Path, "requests.jsonl"));
        Assert.Equal(4, lines.Length);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        using var first = JsonDocument.Parse(lines[0]);
        var entry = first.RootElement;
        Assert.Equal("PUT", entry.GetProperty("method").GetString());
        Assert.Equal(202, entry.GetProperty("status").GetInt32());
        Assert.Equal("register", entry.GetProperty("kind").GetString());
        Assert.Equal("secret-1", entry.GetProperty("registrationId").GetString());
        Assert.True(entry.TryGetProperty("startUtc", out _));
        Assert.True(entry.TryGetProperty("endUtc", out _));
        using var last = JsonDocument.Parse(lines[^1]);
        Assert.Equal("hub", last.RootElement.GetProperty("kind").GetString());
        Assert.Equal(401, last.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Memory_log_keeps_the_newest_entries_up_to_its_capacity()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.RequestLogCapacity = 3);
        for (var i = 0; i < 5; i++)
        {
            using var response = await emu.RegisterAsync($"cap-{i}");
        }

        Assert.Equal(["cap-2", "cap-3", "cap-4"], emu.Server.RequestLog.Snapshot().Select(e => e.RegistrationId));
        Assert.Equal(5, emu.Server.RequestLog.TotalCount);
        emu.Server.RequestLog.Clear();
        Assert.Empty(emu.Server.RequestLog.Snapshot());
    }

    [Fact]
    public async Task Snapshots_are_safe_while_requests_run_in_parallel()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.Quotas = QuotaOptions.Unlimited);
        var requests = Enumerable.Range(0, 50).Select(async i =>
        {
            using var response = await emu.RegisterAsync($"parallel-{i}");
            var snapshot = emu.Server.RequestLog.Snapshot();

            // Taken while others write (an entry is added after its answer is sent): whole entries only.
            Assert.All(snapshot, entry =>
            {
                Assert.Equal("PUT", entry.Method);
                Assert.StartsWith("parallel-", entry.RegistrationId);
                Assert.EndsWith($"/registrations/{entry.RegistrationId}/register", entry.Path);
            });
            return snapshot.Count;
        });
        var counts = await Task.WhenAll(requests);
        Assert.All(counts, count => Assert.InRange(count, 0, 50));

        // The last entries are added just after their answers went out: give them a moment.
        for (var wait = 0; wait < 50 && emu.Server.RequestLog.Snapshot().Count < 50; wait++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(50, emu.Server.RequestLog.Snapshot().Select(e => e.RegistrationId).Distinct().Count());
    }
}
