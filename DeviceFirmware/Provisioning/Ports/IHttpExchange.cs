namespace NanoDps.Provisioning
{
    /// <summary>
    /// One HTTPS request and its answer. The adapter owns TLS, timeouts, the size cap on the body
    /// and JSON parsing; it never throws for an HTTP status or a network failure, it reports them.
    /// </summary>
    public interface IHttpExchange
    {
        /// <summary>Sends <paramref name="request"/> and returns what came back.</summary>
        HttpExchangeResult Send(DpsRequest request);
    }
}
