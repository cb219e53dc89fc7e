namespace NanoDps.Provisioning
{
    /// <summary>
    /// An HTTPS request the core asks the application to send: DPS register, DPS operation
    /// status, or the hub's device-to-cloud message. Built by <see cref="DpsRequests"/> and
    /// <see cref="HubRequests"/>; the adapter copies it onto the wire as it is.
    /// </summary>
    public sealed class DpsRequest
    {
        /// <summary>Content-Type of every body the core builds.</summary>
        public const string ContentType = "application/json; charset=utf-8";

        /// <summary>Accept header of every request.</summary>
        public const string Accept = "application/json";

        /// <summary>User-Agent of every request.</summary>
        public const string UserAgent = "nanoDps/1.0";

        /// <summary>Creates a request.</summary>
        public DpsRequest(RequestKind kind, string method, string host, string pathAndQuery, string authorization, string body)
        {
            Kind = kind;
            Method = method;
            Host = host;
            PathAndQuery = pathAndQuery;
            Authorization = authorization;
            Body = body;
        }

        /// <summary>What the request is for.</summary>
        public RequestKind Kind { get; }

        /// <summary>HTTP method: PUT, GET or POST.</summary>
        public string Method { get; }

        /// <summary>Host name, with ":port" when it is not 443.</summary>
        public string Host { get; }

        /// <summary>Path and query string, starting with '/'.</summary>
        public string PathAndQuery { get; }

        /// <summary>The Authorization header: a SAS token. Secret: never log it.</summary>
        public string Authorization { get; }

        /// <summary>The JSON body, or null for a request without one.</summary>
        public string Body { get; }

        /// <summary>
        /// How long this request may take, all of it (connect, handshake, answer), in milliseconds:
        /// what is left of the flow's deadline when it is sent; 0 for no bound beyond the adapter's own.
        /// An adapter bounds each phase by the smaller of its own timeout and what is left of this.
        /// </summary>
        public int TimeLimitMilliseconds { get; set; }

        /// <summary>The smaller of <paramref name="ownMilliseconds"/> (an adapter's own bound on a phase) and <see cref="TimeLimitMilliseconds"/>, when that is set.</summary>
        public int Bounded(int ownMilliseconds)
        {
            return TimeLimitMilliseconds > 0 && TimeLimitMilliseconds < ownMilliseconds ? TimeLimitMilliseconds : ownMilliseconds;
        }

        /// <summary>The absolute https URL.</summary>
        public string Url
        {
            get { return "https://" + Host + PathAndQuery; }
        }

        /// <summary>
        /// True when the connection may stay open for the next request: the register and its polls
        /// share one TLS connection; a hub message has one of its own, closed after its answer.
        /// </summary>
        public bool KeepsConnection
        {
            get { return Kind != RequestKind.HubTelemetry; }
        }
    }
}
