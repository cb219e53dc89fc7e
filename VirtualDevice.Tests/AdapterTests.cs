using System.Net;
using System.Text;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;
using NanoDps.VirtualDevice.Board;
using NanoDps.VirtualDevice.Tests.Support;
using Answer = NanoDps.VirtualDevice.Tests.Support.CannedHttpsServer.Answer;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>The host adapters, each against what its port promises.</summary>
public sealed class AdapterTests : IDisposable
{
    private const string Token = "SharedAccessSignature sr=scope%2Fregistrations%2Fdev-1&sig=c2lnbmF0dXJl&se=1800000000&skn=registration";
    private readonly TempFolder _temp = new();
    private readonly Secrets _secrets = new();

    public AdapterTests()
    {
        _secrets.AddToken(Token);
    }

    private async Task<(HttpExchangeResult Result, string Request)> ExchangeAsync(Answer answer, DpsRequest? request = null, TimeSpan? timeout = null)
    {
        await using var server = new CannedHttpsServer(_temp.Path, _ => answer);
        var routes = new HostRoutes();
        routes.Add("localhost", new IPEndPoint(IPAddress.Loopback, server.Port));
        var exchange = new HostHttpExchange(TrustedRoots.FromFiles([server.CaPath]), routes, timeout);
        request ??= DpsRequests.Register("localhost", "scope", "dev-1", "2021-10-01", Token, "{\"model\":\"esp32\"}");
        HttpExchangeResult result = await Task.Run(() => exchange.Send(request));
        exchange.Close();
        _secrets.AssertNotIn(result.Failure ?? string.Empty, "the failure reason");
        return (result, server.Requests.FirstOrDefault() ?? string.Empty);
    }

    [Fact]
    public async Task The_request_goes_out_as_the_core_built_it_a_register_keeping_its_connection_a_hub_message_not()
    {
        var (result, request) = await ExchangeAsync(Answer.Http("202 Accepted", "{\"operationId\":\"5.316a\",\"status\":\"assigning\"}", "Retry-After: 3"));

        Assert.StartsWith("PUT /scope/registrations/dev-1/register?api-version=2021-10-01 HTTP/1.1\r\n", request);
        Assert.Contains("\r\nHost: localhost\r\n", request);
        Assert.Contains("\r\nAuthorization: " + Token + "\r\n", request);
        Assert.Contains("\r\nContent-Type: application/json; charset=utf-8\r\n", request);
        Assert.Contains("\r\nAccept: application/json\r\n", request);
        Assert.Contains("\r\nUser-Agent: nanoDps/1.0\r\n", request);
        Assert.DoesNotContain("Connection:", request); // HTTP/1.1 keeps it: the polls follow on this connection
        Assert.EndsWith("\r\n\r\n{\"registrationId\":\"dev-1\",\"payload\":{\"model\":\"esp32\"}}", request);
        Assert.Equal((202, 3, "5.316a", "assigning"), (result.StatusCode, result.RetryAfterSeconds, result.Body.OperationId, result.Body.Status));

        var (_, hub) = await ExchangeAsync(Answer.Http("204 No Content", string.Empty), new DpsRequest(RequestKind.HubTelemetry, "POST", "localhost", "/devices/dev-1/messages/events", Token, "{}"));
        Assert.StartsWith("POST /devices/dev-1/messages/events HTTP/1.1\r\n", hub);
        Assert.Contains("\r\nConnection: close\r\n", hub);
    }

    [Fact]
    public async Task A_stalled_answer_body_ends_when_the_deadline_does_not_at_the_answer_timeout()
    {
        DpsRequest request = DpsRequests.Register("localhost", "scope", "dev-1", "2021-10-01", Token, null);
        request.TimeLimitMilliseconds = 2000; // what the flow had left of deadlineSeconds
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var (result, _) = await ExchangeAsync(Answer.StalledBody("202 Accepted", "{\"operationId\":", 200), request, TimeSpan.FromSeconds(30));

        watch.Stop();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"the attempt took {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal("the answer body did not arrive before the deadline (2 s were left of it)", result.Failure);
    }

    [Fact]
    public async Task An_answer_is_parsed_case_insensitively_with_the_payload_as_raw_JSON_text()
    {
        const string body = "{\"OperationId\":\"op\",\"STATUS\":\"assigned\",\"registrationState\":{\"assignedHub\":\"hub.example\",\"deviceId\":\"dev-1\","
            + "\"substatus\":\"initialAssignment\",\"payload\":{\"a\":1,\"b\":[true,null]},\"unknown\":{\"x\":1}}}";
        var (result, _) = await ExchangeAsync(Answer.Http("200 OK", body));

        Assert.Null(result.Failure);
        DpsRegistrationState state = result.Body.RegistrationState;
        Assert.Equal(("op", "assigned", "hub.example", "dev-1", "initialAssignment"), (result.Body.OperationId, result.Body.Status, state.AssignedHub, state.DeviceId, state.Substatus));
        Assert.Equal("{\"a\":1,\"b\":[true,null]}", state.PayloadJson);
        Assert.Equal(HttpExchangeResult.NoRetryAfter, result.RetryAfterSeconds);
    }

    [Fact]
    public async Task An_error_answer_keeps_its_status_retry_after_and_error_body()
    {
        var (result, _) = await ExchangeAsync(Answer.Http("429 Too Many Requests", "{\"errorCode\":429001,\"trackingId\":\"t-1\",\"message\":\"slow down\"}", "Retry-After: 7"));
        Assert.Equal((429, 7, 429001, "t-1", "slow down"), (result.StatusCode, result.RetryAfterSeconds, result.Body.ErrorCode, result.Body.TrackingId, result.Body.Message));
        Assert.False(result.IsTransportFailure);
    }

    [Fact]
    public async Task A_Retry_After_date_is_not_a_number_of_seconds()
    {
        var (result, _) = await ExchangeAsync(Answer.Http("503 Service Unavailable", string.Empty, "Retry-After: Wed, 21 Oct 2026 07:28:00 GMT"));
        Assert.Equal((503, HttpExchangeResult.NoRetryAfter), (result.StatusCode, result.RetryAfterSeconds));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_malformed_but_keeps_its_status()
    {
        var (result, _) = await ExchangeAsync(Answer.Http("200 OK", "{\"operationId\":\"op\",<"));
        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.Body);
        Assert.StartsWith("the answer is not the JSON DPS sends at line 1, position", result.Failure);

        var (proxy, _) = await ExchangeAsync(Answer.Http("502 Bad Gateway", "<html>proxy error</html>"));
        Assert.Equal((502, false), (proxy.StatusCode, proxy.IsTransportFailure));
    }

    [Fact]
    public async Task A_body_over_the_cap_is_refused()
    {
        string big = "{\"message\":\"" + new string('x', HostHttpExchange.MaxBodyBytes) + "\"}";
        var (result, _) = await ExchangeAsync(Answer.Http("400 Bad Request", big));
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("the answer body is larger than 16384 bytes", result.Failure);
    }

    [Fact]
    public async Task A_body_cut_short_is_malformed()
    {
        var (result, _) = await ExchangeAsync(Answer.Cut("200 OK", "{\"operationId\":\"op\",", 200));
        Assert.Equal(200, result.StatusCode);
        Assert.StartsWith("the answer was cut off", result.Failure);
    }

    [Fact]
    public async Task A_connection_closed_before_the_answer_is_a_transport_failure()
    {
        var (result, _) = await ExchangeAsync(Answer.Nothing());
        Assert.True(result.IsTransportFailure);
        Assert.StartsWith("the connection to localhost (routed to 127.0.0.1:", result.Failure);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_a_transport_failure()
    {
        var (result, _) = await ExchangeAsync(Answer.Never(), timeout: TimeSpan.FromSeconds(1));
        Assert.True(result.IsTransportFailure);
        Assert.Matches(@"^no answer from localhost \(routed to 127\.0\.0\.1:\d+\) within 1 s$", result.Failure);
    }

    [Fact]
    public async Task A_server_that_never_speaks_TLS_is_a_stalled_handshake_named_as_such()
    {
        await using var silent = new SilentTcpServer();
        var routes = new HostRoutes();
        routes.Add("localhost", new IPEndPoint(IPAddress.Loopback, silent.Port));
        var exchange = new HostHttpExchange(TrustedRoots.Azure(), routes, handshakeTimeout: TimeSpan.FromSeconds(1));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        HttpExchangeResult result = await Task.Run(() => exchange.Send(DpsRequests.Register("localhost", "scope", "dev-1", "2021-10-01", Token, null)));

        Assert.True(result.IsTransportFailure);
        Assert.Equal($"TLS handshake with localhost (routed to 127.0.0.1:{silent.Port}) got no answer within 1 s", result.Failure);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Equal(1, silent.Accepted);
    }

    [Fact]
    public async Task A_server_that_closes_before_TLS_is_a_failed_handshake()
    {
        await using var closing = new SilentTcpServer(closeAtOnce: true);
        var routes = new HostRoutes();
        routes.Add("localhost", new IPEndPoint(IPAddress.Loopback, closing.Port));
        var exchange = new HostHttpExchange(TrustedRoots.Azure(), routes);

        HttpExchangeResult result = await Task.Run(() => exchange.Send(DpsRequests.Register("localhost", "scope", "dev-1", "2021-10-01", Token, null)));

        Assert.True(result.IsTransportFailure);
        Assert.StartsWith($"TLS handshake with localhost (routed to 127.0.0.1:{closing.Port}) failed (", result.Failure);
    }

    [Fact]
    public async Task A_closed_port_is_a_transport_failure()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var routes = new HostRoutes();
        routes.Add("localhost", new IPEndPoint(IPAddress.Loopback, port));
        var exchange = new HostHttpExchange(TrustedRoots.Azure(), routes);

        HttpExchangeResult result = await Task.Run(() => exchange.Send(DpsRequests.Register("localhost", "scope", "dev-1", "2021-10-01", Token, null)));

        Assert.True(result.IsTransportFailure);
        Assert.StartsWith("cannot connect to localhost (routed to 127.0.0.1:" + port + ")", result.Failure);
        Assert.Equal(result.Failure, exchange.LastFailure);
    }

    [Fact]
    public async Task A_name_DNS_cannot_resolve_is_reported_as_such()
    {
        var routes = new HostRoutes();
        routes.Add("localhost", new IPEndPoint(IPAddress.Loopback, 9)); // a route, so no proxy is asked instead of DNS
        var exchange = new HostHttpExchange(TrustedRoots.Azure(), routes);

        HttpExchangeResult result = await Task.Run(() => exchange.Send(DpsRequests.Register("dps.nanodps-test.invalid", "scope", "dev-1", "2021-10-01", Token, null)));

        Assert.True(result.IsTransportFailure);
        Assert.True(result.IsNameNotResolved);
        Assert.StartsWith("DNS: the name dps.nanodps-test.invalid could not be resolved (", result.Failure);
        Assert.Equal(["dps.nanodps-test.invalid"], exchange.UnresolvedHosts);
    }

    [Fact]
    public async Task A_hub_answer_without_a_body_is_an_answer()
    {
        DpsRequest hub = HubRequests.DeviceToCloud(new ProvisionedDevice("localhost", "dev-1", new byte[32], 1, 300, new HostHmac()), 1800000000 - HubRequests.TokenTtlSeconds, "{}");
        _secrets.AddToken(hub.Authorization);
        var (result, request) = await ExchangeAsync(new Answer(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")), hub);
        Assert.Equal((204, (DpsResponse?)null, (string?)null), (result.StatusCode, result.Body, result.Failure));
        Assert.StartsWith("POST /devices/dev-1/messages/events?api-version=2020-03-13 HTTP/1.1", request);
    }

    [Fact]
    public void The_azure_roots_ship_with_the_program()
    {
        Assert.Equal("DigiCert Global Root G2, Microsoft RSA Root Certificate Authority 2017", TrustedRoots.Azure().Describe());
    }

    [Fact]
    public void The_flash_folder_keeps_the_port_promises()
    {
        var flash = new FolderFlashStore(_temp.Sub("flash"));
        flash.Delete("absent.txt"); // no folder yet, nothing to delete: fine
        Assert.Null(flash.ReadText("absent.txt"));
        flash.WriteText("a.txt", "één\n");
        Assert.Equal("één\n", flash.ReadText("a.txt"));
        Assert.Equal(Encoding.UTF8.GetBytes("één\n"), File.ReadAllBytes(flash.PathOf("a.txt"))); // no byte order mark
        flash.WriteText("b.txt", "b");
        Assert.ThrowsAny<IOException>(() => flash.Rename("a.txt", "b.txt")); // the destination must not exist
        flash.Delete("b.txt");
        flash.Rename("a.txt", "b.txt");
        Assert.Equal("één\n", flash.ReadText("b.txt"));
        Assert.Null(flash.ReadText("a.txt"));
        File.WriteAllBytes(flash.PathOf("bom.txt"), [0xEF, 0xBB, 0xBF, (byte)'x']);
        Assert.Equal("x", flash.ReadText("bom.txt"));
    }

    [Fact]
    public void The_MAC_is_drawn_once_locally_administered_and_kept()
    {
        var flash = new FolderFlashStore(_temp.Sub("mac"));
        byte[] mac = VirtualMac.LoadOrCreate(flash, out bool created);
        Assert.True(created);
        Assert.Equal(0x02, mac[0] & 0x03); // unicast, locally administered
        Assert.Equal(mac, VirtualMac.LoadOrCreate(flash, out bool again));
        Assert.False(again);
        Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}\n$", flash.ReadText(VirtualMac.FileName));

        flash.WriteText(VirtualMac.FileName, "not a mac");
        Assert.Throws<InvalidDataException>(() => VirtualMac.LoadOrCreate(flash, out _));
    }

    [Fact]
    public void The_delay_counts_down_on_a_terminal_and_stays_quiet_in_a_file()
    {
        // A fake clock that only the delay's own sleeps move on: every tick is seen, whatever the machine's load.
        long now = 0;
        var sleeps = new List<int>();
        void Sleep(int ms)
        {
            sleeps.Add(ms);
            now += ms;
        }

        var screen = new StringWriter();
        var delay = new ConsoleDelay(new Terminal(screen, screen, interactive: true), () => now, Sleep);
        delay.Sleep(1000);

        Assert.Equal(Enumerable.Repeat(100, 10), sleeps); // never returns early, never sleeps past the end
        Assert.Equal(TimeSpan.FromSeconds(1), delay.Waited);
        string[] ticks = [.. System.Text.RegularExpressions.Regex.Replace(screen.ToString(), @"\x1b\[\d+m", string.Empty).Split('\r', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim())];
        Assert.Equal(
            ["... 1.0 s to go", "... 0.9 s to go", "... 0.8 s to go", "... 0.7 s to go", "... 0.6 s to go",
             "... 0.5 s to go", "... 0.4 s to go", "... 0.3 s to go", "... 0.2 s to go", "... 0.1 s to go", string.Empty],
            ticks);
        Assert.EndsWith("\r" + new string(' ', 40) + "\r", screen.ToString()); // the countdown line is wiped at the end

        var file = new StringWriter();
        new ConsoleDelay(new Terminal(file, file, interactive: false), () => now, Sleep).Sleep(9_999);
        Assert.Equal(string.Empty, file.ToString()); // under 10 s: nothing in a log file

        var longWait = new StringWriter();
        new ConsoleDelay(new Terminal(longWait, longWait, interactive: false), () => now, Sleep).Sleep(25_000);
        Assert.Equal(
            "           ... still waiting, 15 s to go" + Environment.NewLine + "           ... still waiting, 5 s to go" + Environment.NewLine,
            longWait.ToString());
    }

    [Fact]
    public void The_log_masks_a_registered_secret_wherever_it_appears()
    {
        var screen = new StringWriter();
        var log = new ConsoleLog(new Terminal(screen, screen, interactive: false));
        log.Redact("c2VjcmV0LWtleQ==");
        log.Write(Provisioning.LogLevel.Warning, "key c2VjcmV0LWtleQ== leaked");
        Assert.Matches(@"^\[\s+\d+\.\d{3}\] WARN  key <redacted> leaked\r?\n$", screen.ToString());
    }

    [Theory]
    [InlineData("hub-1.dps-emulator.local=127.0.0.1:8443", true)]
    [InlineData("localhost=[::1]:443", true)]
    [InlineData("localhost:8443", false)]
    [InlineData("localhost=127.0.0.1", false)]
    [InlineData("=127.0.0.1:1", false)]
    public void A_route_is_host_equals_address_and_port(string text, bool valid)
    {
        Assert.Equal(valid, HostRoutes.ParseRoute(text, out string? problem) is not null);
        Assert.Equal(valid, problem is null);
    }

    public void Dispose() => _temp.Dispose();
}
