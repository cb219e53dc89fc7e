using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// <see cref="IHttpExchange"/> over HttpClient, the host twin of the board's Esp32HttpExchange:
/// TLS as <see cref="TlsTrust"/> says (the configured roots only, host name checked), one TLS
/// connection at a time as the board keeps them: a request whose <see cref="DpsRequest.KeepsConnection"/>
/// is true (the register and its polls) reuses the connection the previous one to the same host left
/// open; any other request, a request to another host, a failure or <see cref="Close"/> ends it, and a
/// hub message has a connection of its own (<c>Connection: close</c>). <see cref="Handshakes"/> counts
/// the TLS connections opened. Nothing is retried behind the core's back. Retry-After read from the headers, the body capped at
/// <see cref="MaxBodyBytes"/> and parsed by <see cref="AnswerJson"/>. Each phase has its own bound:
/// the TCP connect, the TLS handshake (a server that accepts and never speaks TLS), the answer.
/// Every HTTP status comes back as an answer and every failure, stall or exception as one line
/// saying what happened, never as an exception. One request at a time, like the board.
/// </summary>
public sealed class HostHttpExchange : IHttpExchange
{
    /// <summary>Largest answer body accepted (the board's buffer is of the same order).</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Time allowed to open the TCP connection.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default time allowed for the TLS handshake, from the TCP connection to the server's certificate.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Default time allowed for the answer (status, headers and body) once TLS is up.</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    private readonly TrustedRoots _roots;
    private readonly HostRoutes _routes;
    private readonly TimeSpan _answerTimeout;
    private readonly TimeSpan _handshakeTimeout;

    /// <summary>An exchange that trusts <paramref name="roots"/> only and connects through <paramref name="routes"/>.</summary>
    public HostHttpExchange(TrustedRoots roots, HostRoutes routes, TimeSpan? requestTimeout = null, TimeSpan? handshakeTimeout = null)
    {
        _roots = roots;
        _routes = routes;
        _answerTimeout = requestTimeout ?? DefaultRequestTimeout;
        _handshakeTimeout = handshakeTimeout ?? DefaultHandshakeTimeout;
    }

    /// <summary>Why the last failed request failed (transport or malformed), or null.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Every host name DNS could not resolve (no --resolve route for it), in the order they failed.</summary>
    public IReadOnlyCollection<string> UnresolvedHosts => _unresolved;

    private readonly List<string> _unresolved = [];

    private Connection? _kept;

    /// <summary>TLS connections (each one handshake) opened so far: to DPS (register and polls) and to the hub.</summary>
    public (int Dps, int Hub) Handshakes { get; private set; }

    /// <summary>Closes the connection a DPS request left open, if any; the next request opens a new one.</summary>
    public void Close()
    {
        _kept?.Dispose();
        _kept = null;
    }

    /// <inheritdoc/>
    public HttpExchangeResult Send(DpsRequest request) => SendAsync(request).GetAwaiter().GetResult();

    private async Task<HttpExchangeResult> SendAsync(DpsRequest request)
    {
        HttpExchangeResult result;
        try
        {
            result = await ExchangeAsync(request).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Whatever the HTTP stack throws that the cases below do not name is still one line, never a crash.
            result = HttpExchangeResult.TransportFailed($"the exchange with {Where(request)} failed ({e.GetType().Name}: {Innermost(e)})");
        }

        LastFailure = result.Failure ?? LastFailure;
        string host = new Uri(request.Url).Host;
        if (result.IsNameNotResolved && !_unresolved.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            _unresolved.Add(host);
        }

        return result;
    }

    private async Task<HttpExchangeResult> ExchangeAsync(DpsRequest request)
    {
        string host = new Uri(request.Url).Authority;
        if (_kept is not null && (!request.KeepsConnection || _kept.Host != host))
        {
            Close();
        }

        Connection connection = _kept ?? new Connection(this, host, request.Kind == RequestKind.HubTelemetry);
        _kept = null;
        bool keep = false;
        try
        {
            HttpExchangeResult result = await ExchangeAsync(request, connection).ConfigureAwait(false);
            keep = request.KeepsConnection && !result.IsTransportFailure;
            return result;
        }
        finally
        {
            if (keep)
            {
                _kept = connection;
            }
            else
            {
                connection.Dispose();
            }
        }
    }

    private async Task<HttpExchangeResult> ExchangeAsync(DpsRequest request, Connection connection)
    {
        using var attempt = new Attempt(this, Where(request), connection, request.TimeLimitMilliseconds);
        var client = connection.Client;
        using var message = DpsHttpMessage.From(request, connectionClose: !request.KeepsConnection);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return attempt.Phase == Phase.Resolving
                ? HttpExchangeResult.NameNotResolved(message.RequestUri!.Host, $"no answer from DNS within {Seconds(ConnectTimeout)} s")
                : HttpExchangeResult.TransportFailed(attempt.Stalled());
        }
        catch (HttpRequestException e)
        {
            if (e.HttpRequestError == HttpRequestError.NameResolutionError || attempt.Phase == Phase.Resolving)
            {
                return HttpExchangeResult.NameNotResolved(message.RequestUri!.Host, Innermost(e));
            }

            return HttpExchangeResult.TransportFailed(attempt.Tls.Refusal(request.Host, attempt.Where) ?? Describe(e, attempt));
        }

        using (response)
        {
            int status = (int)response.StatusCode;
            int retryAfter = RetryAfter(response);
            byte[] body;
            try
            {
                body = await ReadCappedAsync(response, attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return HttpExchangeResult.Malformed(status, retryAfter, attempt.DeadlineBound
                    ? $"the answer body did not arrive before the deadline ({attempt.LimitText} s were left of it)"
                    : $"the answer body did not arrive within {Seconds(_answerTimeout)} s");
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

    private static string Describe(HttpRequestException e, Attempt attempt) => e.HttpRequestError switch
    {
        _ when attempt.Phase is Phase.Starting or Phase.Connecting => $"cannot connect to {attempt.Where} ({Innermost(e)})",
        _ when attempt.Phase == Phase.Handshaking => $"TLS handshake with {attempt.Where} failed ({Innermost(e)})",
        _ => $"the connection to {attempt.Where} failed before an answer arrived ({Innermost(e)})",
    };

    private string Where(DpsRequest request)
    {
        var uri = new Uri(request.Url);
        return _routes.Routes.TryGetValue(uri.Host, out IPEndPoint? target) ? $"{request.Host} (routed to {target})" : request.Host;
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message.TrimEnd('.');
    }

    private enum Phase
    {
        Starting,
        Resolving,
        Connecting,
        Handshaking,
        Answering,
    }

    /// <summary>
    /// One request's connection: its phase, and one deadline re-armed as each phase begins (connect,
    /// then handshake once TCP is up, then the answer once the server's certificate arrived), so a
    /// stall is ended by the bound of the phase it stalled in and named after it. Each bound is the
    /// smaller of its own and what is left of the request's time limit (the flow's deadline), so no
    /// attempt outlives the deadline.
    /// </summary>
    private sealed class Attempt : IDisposable
    {
        private readonly HostHttpExchange _owner;
        private readonly Connection _connection;
        private readonly CancellationTokenSource _deadline;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private readonly TimeSpan _limit;

        public Attempt(HostHttpExchange owner, string where, Connection connection, int limitMilliseconds)
        {
            _owner = owner;
            _connection = connection;
            Where = where;
            _limit = limitMilliseconds > 0 ? TimeSpan.FromMilliseconds(limitMilliseconds) : Timeout.InfiniteTimeSpan;
            Tls = connection.Tls;
            connection.Current = this;

            // On a connection already up, the request goes out at once: its answer's bound applies from the start.
            if (connection.Established)
            {
                Phase = Phase.Answering;
                _deadline = new CancellationTokenSource(Bounded(owner._answerTimeout));
            }
            else
            {
                _deadline = new CancellationTokenSource(Bounded(ConnectTimeout));
            }
        }

        /// <summary>True when the phase in progress is bounded by what is left of the time limit, not by its own timeout.</summary>
        public bool DeadlineBound { get; private set; }

        /// <summary>The time limit in seconds, as the failure line says it.</summary>
        public string LimitText => Seconds(_limit);

        public string Where { get; }

        public TlsTrust Tls { get; }

        public Phase Phase { get; private set; }

        public CancellationToken Token => _deadline.Token;

        public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // DNS on its own, so that a name that does not resolve is told apart from a host that does not answer.
                Phase = Phase.Resolving;
                if (_owner._routes.Resolve(context.DnsEndPoint) is IPEndPoint routed)
                {
                    Phase = Phase.Connecting;
                    await socket.ConnectAsync(routed, cancellation).ConfigureAwait(false);
                }
                else
                {
                    IPAddress[] addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellation).ConfigureAwait(false);
                    if (addresses.Length == 0)
                    {
                        throw new SocketException((int)SocketError.HostNotFound);
                    }

                    Phase = Phase.Connecting;
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellation).ConfigureAwait(false);
                }

                Enter(Phase.Handshaking, _owner._handshakeTimeout);
                _owner.Handshakes = _connection.ToHub
                    ? _owner.Handshakes with { Hub = _owner.Handshakes.Hub + 1 }
                    : _owner.Handshakes with { Dps = _owner.Handshakes.Dps + 1 };
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        public string Stalled() => DeadlineBound
            ? Phase switch
            {
                Phase.Starting or Phase.Resolving or Phase.Connecting => $"TCP connect to {Where} got no answer before the deadline ({LimitText} s were left of it)",
                Phase.Handshaking => $"TLS handshake with {Where} got no answer before the deadline ({LimitText} s were left of it)",
                _ => $"no answer from {Where} before the deadline ({LimitText} s were left of it)",
            }
            : Phase switch
            {
                Phase.Starting or Phase.Resolving or Phase.Connecting => $"TCP connect to {Where} got no answer within {Seconds(ConnectTimeout)} s",
                Phase.Handshaking => $"TLS handshake with {Where} got no answer within {Seconds(_owner._handshakeTimeout)} s",
                _ => $"no answer from {Where} within {Seconds(_owner._answerTimeout)} s",
            };

        /// <summary>The smaller of <paramref name="bound"/> and what is left of the time limit.</summary>
        private TimeSpan Bounded(TimeSpan bound)
        {
            if (_limit == Timeout.InfiniteTimeSpan)
            {
                return bound;
            }

            TimeSpan left = _limit - _elapsed.Elapsed;
            left = left < TimeSpan.Zero ? TimeSpan.Zero : left;
            DeadlineBound = left < bound;
            return DeadlineBound ? left : bound;
        }

        public void Dispose()
        {
            if (_connection.Current == this)
            {
                _connection.Current = null;
            }

            _deadline.Dispose();
        }

        public void CertificateArrived()
        {
            _connection.Established = true;
            Enter(Phase.Answering, _owner._answerTimeout);
        }

        private void Enter(Phase phase, TimeSpan bound)
        {
            Phase = phase;
            try
            {
                _deadline.CancelAfter(Bounded(bound));
            }
            catch (ObjectDisposedException)
            {
                // A callback of a connection this attempt already gave up on: nothing to bound.
            }
        }
    }

    /// <summary>
    /// One kept TLS connection to one host: a handler that holds at most one connection, never
    /// recycled by age, whose connect and certificate callbacks report to the request in flight.
    /// </summary>
    private sealed class Connection : IDisposable
    {
        public Connection(HostHttpExchange owner, string host, bool toHub)
        {
            Host = host;
            ToHub = toHub;
            Tls = new TlsTrust(owner._roots, () => Current?.CertificateArrived());
            Handler = new SocketsHttpHandler
            {
                // The phases are bounded by the attempt's own clock; this only stops a connection the
                // attempt already gave up on.
                ConnectTimeout = ConnectTimeout + owner._handshakeTimeout,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                MaxConnectionsPerServer = 1,
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = owner._routes.Routes.Count == 0,
                MaxResponseHeadersLength = 16,
                SslOptions = Tls.ClientOptions,
                ConnectCallback = (context, cancellation) => Current!.ConnectAsync(context, cancellation),
            };
            Client = new HttpClient(Handler) { Timeout = Timeout.InfiniteTimeSpan };
        }

        public string Host { get; }

        public bool ToHub { get; }

        public TlsTrust Tls { get; }

        public SocketsHttpHandler Handler { get; }

        public HttpClient Client { get; }

        /// <summary>The request in flight on this connection, or null.</summary>
        public Attempt? Current { get; set; }

        /// <summary>True once a handshake on this connection got the server's certificate.</summary>
        public bool Established { get; set; }

        public void Dispose()
        {
            Client.Dispose();
            Handler.Dispose();
        }
    }
}
