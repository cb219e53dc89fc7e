namespace NanoDps.Provisioning
{
    /// <summary>
    /// What the transport hands back to the core: the HTTP status, the Retry-After header and
    /// the body already parsed into <see cref="DpsResponse"/>, or the reason nothing usable came back.
    /// </summary>
    public sealed class HttpExchangeResult
    {
        /// <summary>Retry-After value when the header was absent or not an integer.</summary>
        public const int NoRetryAfter = -1;

        /// <summary>Largest answer body an adapter reads; DPS and hub answers are well under 2 KB.</summary>
        public const int MaxBodyBytes = 4096;

        private HttpExchangeResult(int statusCode, int retryAfterSeconds, DpsResponse body, string failure, bool nameNotResolved)
        {
            StatusCode = statusCode;
            RetryAfterSeconds = retryAfterSeconds;
            Body = body;
            Failure = failure;
            IsNameNotResolved = nameNotResolved;
        }

        /// <summary>HTTP status code, or 0 when the exchange failed before a status arrived.</summary>
        public int StatusCode { get; }

        /// <summary>Retry-After in seconds, or <see cref="NoRetryAfter"/>.</summary>
        public int RetryAfterSeconds { get; }

        /// <summary>The parsed body; null when there was none or it could not be parsed.</summary>
        public DpsResponse Body { get; }

        /// <summary>Why the exchange failed or the body was unusable; null when all went well.</summary>
        public string Failure { get; }

        /// <summary>True when the host name could not be resolved (DNS), so no connection was even tried.</summary>
        public bool IsNameNotResolved { get; }

        /// <summary>True when no HTTP status arrived (DNS, connect, TLS, timeout, reset).</summary>
        public bool IsTransportFailure
        {
            get { return StatusCode == 0; }
        }

        /// <summary>
        /// A Retry-After header value as whole seconds (as DPS sends it), or <see cref="NoRetryAfter"/>
        /// for anything else: absent, an HTTP date, junk, or more than 6 digits.
        /// </summary>
        public static int ParseRetryAfter(string value)
        {
            string text = value == null ? string.Empty : value.Trim();
            if (text.Length == 0 || text.Length > 6)
            {
                return NoRetryAfter;
            }

            int seconds = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                {
                    return NoRetryAfter;
                }

                seconds = (seconds * 10) + (text[i] - '0');
            }

            return seconds;
        }

        /// <summary>
        /// An answer with a status; <paramref name="body"/> may be null for an empty body. A status
        /// outside 100-599 (nanoFramework's HttpWebResponse gives 0 for a malformed status line)
        /// is no HTTP answer at all: a transport failure that says so.
        /// </summary>
        public static HttpExchangeResult Answered(int statusCode, int retryAfterSeconds, DpsResponse body)
        {
            return IsHttpStatus(statusCode) ? new HttpExchangeResult(statusCode, retryAfterSeconds, body, null, false) : NoStatusLine(statusCode, null);
        }

        /// <summary>An answer whose body was truncated, too large or not the JSON expected (a bad status: as <see cref="Answered"/>).</summary>
        public static HttpExchangeResult Malformed(int statusCode, int retryAfterSeconds, string reason)
        {
            return IsHttpStatus(statusCode) ? new HttpExchangeResult(statusCode, retryAfterSeconds, null, reason, false) : NoStatusLine(statusCode, reason);
        }

        /// <summary>
        /// What an answer is before its body is parsed, or null when the body must be parsed: no valid
        /// status (a transport failure), a body over <see cref="MaxBodyBytes"/> (an adapter reads at most
        /// one byte more), a body shorter than its Content-Length (<paramref name="contentLength"/>, -1
        /// when absent), or no body at all (an answer without one).
        /// </summary>
        public static HttpExchangeResult BeforeParsing(int statusCode, int retryAfterSeconds, long contentLength, int bodyLength)
        {
            if (!IsHttpStatus(statusCode))
            {
                return NoStatusLine(statusCode, null);
            }

            if (bodyLength > MaxBodyBytes || contentLength > MaxBodyBytes)
            {
                return Malformed(statusCode, retryAfterSeconds, "the answer body is larger than " + MaxBodyBytes.ToString() + " bytes");
            }

            if (contentLength >= 0 && bodyLength < contentLength)
            {
                return Malformed(statusCode, retryAfterSeconds, "the answer body was cut off after " + bodyLength.ToString() + " of " + contentLength.ToString() + " bytes");
            }

            return bodyLength == 0 ? Answered(statusCode, retryAfterSeconds, null) : null;
        }

        private static bool IsHttpStatus(int statusCode)
        {
            return statusCode >= 100 && statusCode <= 599;
        }

        private static HttpExchangeResult NoStatusLine(int statusCode, string reason)
        {
            return TransportFailed("the answer had no valid HTTP status line (status " + statusCode.ToString() + ")" + (reason == null ? string.Empty : "; " + reason));
        }

        /// <summary>No answer at all: <paramref name="reason"/> says why (no secrets in it).</summary>
        public static HttpExchangeResult TransportFailed(string reason)
        {
            return new HttpExchangeResult(0, NoRetryAfter, null, reason, false);
        }

        /// <summary>
        /// No answer because DNS could not resolve <paramref name="host"/>: a failure of its own
        /// kind, so that a hint can blame the name (a typo in the endpoint, a missing DNS entry)
        /// instead of the network or DPS. <paramref name="detail"/> is what the resolver said, or null.
        /// </summary>
        public static HttpExchangeResult NameNotResolved(string host, string detail)
        {
            return new HttpExchangeResult(0, NoRetryAfter, null, "DNS: the name " + host + " could not be resolved" + (detail == null ? string.Empty : " (" + detail + ")"), true);
        }
    }
}
