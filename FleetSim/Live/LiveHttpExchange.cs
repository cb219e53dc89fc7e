using System.Diagnostics;
using System.Text;
using System.Text.Json;
using NanoDps.Emulator;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;
using RequestKind = NanoDps.Provisioning.RequestKind;

namespace NanoDps.FleetSim.Live;

/// <summary>
/// One board's HTTPS to the emulator, as the board does it: a new TCP + TLS connection for every
/// request (trusting only the emulator's CA), one request at a time, a timeout on each. Never
/// throws for a status or a network failure: it reports them to the core. Logs every request.
/// </summary>
internal sealed class LiveHttpExchange : IHttpExchange, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
    private readonly HttpClient _client;
    private readonly Stopwatch _fleetClock;
    private readonly CancellationToken _cancellation;

    /// <summary>An exchange with <paramref name="server"/>; times in the log are read from <paramref name="fleetClock"/>.</summary>
    public LiveHttpExchange(DpsEmulatorServer server, Stopwatch fleetClock, TimeSpan timeout, CancellationToken cancellation)
    {
        _fleetClock = fleetClock;
        _cancellation = cancellation;
        SocketsHttpHandler handler = server.CreateHttpHandler();
        handler.PooledConnectionLifetime = TimeSpan.Zero;
        handler.MaxConnectionsPerServer = 1;
        handler.UseProxy = false;
        handler.UseCookies = false;
        handler.AllowAutoRedirect = false;
        _client = new HttpClient(handler) { Timeout = timeout };
    }

    /// <summary>Every request this board sent, in order.</summary>
    public List<LiveRequest> Log { get; } = [];

    /// <inheritdoc />
    public HttpExchangeResult Send(DpsRequest request)
    {
        long sentAt = _fleetClock.ElapsedMilliseconds;
        HttpExchangeResult result = Exchange(request);
        Log.Add(new LiveRequest(sentAt, _fleetClock.ElapsedMilliseconds, request.Kind, result.StatusCode, result.Body?.ErrorCode ?? 0));
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private HttpExchangeResult Exchange(DpsRequest request)
    {
        using var message = DpsHttpMessage.From(request, connectionClose: true);

        try
        {
            using HttpResponseMessage response = _client.Send(message, _cancellation);
            int status = (int)response.StatusCode;
            int retryAfter = HttpExchangeResult.ParseRetryAfter(response.Headers.TryGetValues("Retry-After", out IEnumerable<string>? values) ? values.First() : null);
            using var reader = new StreamReader(response.Content.ReadAsStream(), Encoding.UTF8);
            string body = reader.ReadToEnd();
            if (body.Length == 0)
            {
                return HttpExchangeResult.Answered(status, retryAfter, null);
            }

            try
            {
                return HttpExchangeResult.Answered(status, retryAfter, JsonSerializer.Deserialize<DpsResponse>(body, Json));
            }
            catch (JsonException e)
            {
                return HttpExchangeResult.Malformed(status, retryAfter, "not DPS's JSON: " + e.Message);
            }
        }
        catch (HttpRequestException e)
        {
            return HttpExchangeResult.TransportFailed(e.Message);
        }
        catch (TaskCanceledException) when (!_cancellation.IsCancellationRequested)
        {
            return HttpExchangeResult.TransportFailed($"no answer within {_client.Timeout.TotalSeconds:0} s");
        }
        catch (IOException e)
        {
            return HttpExchangeResult.TransportFailed(e.Message);
        }
    }
}

/// <summary>One request a board sent: when (ms since the fleet booted), when its answer came, what it was and what came back (0: no HTTP answer).</summary>
public readonly record struct LiveRequest(long SentMilliseconds, long AnsweredMilliseconds, RequestKind Kind, int Status, int ErrorCode);
