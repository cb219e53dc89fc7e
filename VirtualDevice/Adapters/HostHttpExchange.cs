using System.Net;
using System.Net.Sockets;
using System.Text;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="IHttpExchange"/> over HttpClient, the host twin of the board's Esp32HttpExchange:
/// TLS as <see cref="TlsTrust"/> says (the configured roots only, host name checked), one connection
/// per request as on the board (so nothing is retried behind the core's back), connect and answer
/// timeouts, Retry-After read from the headers, the body capped at <see cref="MaxBodyBytes"/> and
/// parsed by <see cref="AnswerJson"/>. Every HTTP status comes back as an answer and every network
/// or TLS failure as a reason, never as an exception. One request at a time, like the board.
/// </summary>
public sealed class HostHttpExchange : IHttpExchange, IDisposable
{
    /// <summary>Largest answer body accepted (the board's buffer is of the same order).</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Time allowed to open the TCP connection.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default time allowed for one whole request, TLS handshake and body included.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _client;
    private readonly HostRoutes _routes;
    private readonly TimeSpan _timeout;
    private readonly TlsTrust _tls;

    /// <summary>An exchange that trusts <paramref name="roots"/> only and connects through <paramref name="routes"/>.</summary>
    public HostHttpExchange(TrustedRoots roots, HostRoutes routes, TimeSpan? requestTimeout = null)
    {
        _routes = routes;
        _timeout = requestTimeout ?? DefaultRequestTimeout;
        _tls = new TlsTrust(roots);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.Zero,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = routes.Routes.Count == 0,
            MaxResponseHeadersLength = 16,
            SslOptions = _tls.ClientOptions,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Why the last failed request failed (transport or malformed), or null.</summary>
    public string? LastFailure { get; private set; }

    /// <inheritdoc/>
    public HttpExchangeResult Send(DpsRequest request) => SendAsync(request).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private async Task<HttpExchangeResult> SendAsync(DpsRequest request)
    {
        HttpExchangeResult result = await ExchangeAsync(request).ConfigureAwait(false);
        LastFailure = result.Failure ?? LastFailure;
        return result;
    }

    private async Task<HttpExchangeResult> ExchangeAsync(DpsRequest request)
    {
        _tls.Reset();
        using var timeout = new CancellationTokenSource(_timeout);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        message.Headers.TryAddWithoutValidation("Accept", DpsRequest.Accept);
        message.Headers.TryAddWithoutValidation("User-Agent", DpsRequest.UserAgent);
        message.Headers.ConnectionClose = true;
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            message.Content.Headers.TryAddWithoutValidation("Content-Type", DpsRequest.ContentType);
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return HttpExchangeResult.TransportFailed($"no answer from {Where(request)} within {_timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return HttpExchangeResult.TransportFailed(Describe(e, request));
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            int retryAfter = RetryAfter(response);
            byte[] body;
            try
            {
                body = await ReadCappedAsync(response, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return HttpExchangeResult.Malformed(status, retryAfter, $"the answer body did not arrive within {_timeout.TotalSeconds:0} s");
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                return HttpExchangeResult.Malformed(status, retryAfter, "the answer was cut off (" + Innermost(e) + ")");
            }

            if (body.Length > MaxBodyBytes)
            {
                return HttpExchangeResult.Malformed(status, retryAfter, $"the answer body is larger than {MaxBodyBytes} bytes");
            }

            if (body.Length == 0)
            {
                return HttpExchangeResult.Answered(status, retryAfter, null);
            }

            DpsResponse? parsed = AnswerJson.Parse(Encoding.UTF8.GetString(body), out string? problem);
            return parsed is null
                ? HttpExchangeResult.Malformed(status, retryAfter, problem)
                : HttpExchangeResult.Answered(status, retryAfter, parsed);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.Content.Headers.ContentLength > MaxBodyBytes)
        {
            return new byte[MaxBodyBytes + 1];
        }

        await using Stream stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        var buffer = new byte[MaxBodyBytes + 1];
        int total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellation).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }

    private static int RetryAfter(HttpResponseMessage response) =>
        HttpExchangeResult.ParseRetryAfter(response.Headers.TryGetValues("Retry-After", out IEnumerable<string>? values) ? values.First() : null);

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_routes.Resolve(context.DnsEndPoint), cancellation).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private string Describe(HttpRequestException e, DpsRequest request)
    {
        string where = Where(request);
        return _tls.Refusal(request.Host, where) ?? e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"DNS: cannot resolve {where}",
            HttpRequestError.ConnectionError => $"cannot connect to {where} ({Innermost(e)})",
            HttpRequestError.SecureConnectionError => $"TLS handshake with {where} failed ({Innermost(e)})",
            _ => $"the connection to {where} failed before an answer arrived ({Innermost(e)})",
        };
    }

    private string Where(DpsRequest request)
    {
        var uri = new Uri(request.Url);
        return _routes.Routes.TryGetValue(uri.Host, out IPEndPoint? target) ? $"{request.Host} (routed to {target})" : request.Host;
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message.TrimEnd('.');
    }
}
