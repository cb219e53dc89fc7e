using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Tests.Support;

/// <summary>
/// Wraps the device's real HTTPS exchange: records each request and answer, counts requests in
/// flight at once, and registers every SAS token the device sent (and the registration ids it used)
/// as secrets of the test.
/// </summary>
public sealed class RecordingExchange : IHttpExchange
{
    private readonly IHttpExchange _inner;
    private readonly Secrets _secrets;
    private readonly List<Exchange> _exchanges = [];
    private int _inFlight;

    public RecordingExchange(IHttpExchange inner, Secrets secrets)
    {
        _inner = inner;
        _secrets = secrets;
    }

    public int MaxInFlight { get; private set; }

    public IReadOnlyList<Exchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return [.. _exchanges];
            }
        }
    }

    public HttpExchangeResult Send(DpsRequest request)
    {
        _secrets.AddToken(request.Authorization);
        string[] parts = request.PathAndQuery.Split('?')[0].Split('/');
        if (parts.Length > 3 && parts[2] == "registrations")
        {
            _secrets.AddRegistrationId(parts[3]);
        }

        int inFlight = Interlocked.Increment(ref _inFlight);
        MaxInFlight = Math.Max(MaxInFlight, inFlight);
        var started = DateTimeOffset.UtcNow;
        try
        {
            HttpExchangeResult result = _inner.Send(request);
            lock (_exchanges)
            {
                _exchanges.Add(new Exchange(request.Kind, request.Method, request.PathAndQuery, result.StatusCode, result.Failure, started, DateTimeOffset.UtcNow));
            }

            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public sealed record Exchange(RequestKind Kind, string Method, string PathAndQuery, int Status, string? Failure, DateTimeOffset Start, DateTimeOffset End);
}
