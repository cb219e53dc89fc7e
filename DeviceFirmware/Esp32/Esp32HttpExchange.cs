using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary>
    /// <see cref="IHttpExchange"/> on nanoFramework.System.Net.Http's HttpWebRequest: TLS 1.2 against
    /// the two roots only (<c>HttpsAuthentCert</c>, <c>CertificateRequired</c>), one TLS connection at a
    /// time. A request whose <see cref="DpsRequest.KeepsConnection"/> is true leaves its connection in
    /// the library's pool, so the register and its polls share one handshake; any other request (the hub
    /// proof, which always comes before the application) closes it first (<see cref="Close"/>). Bounds,
    /// each no longer than what is left of the deadline (<see cref="DpsRequest.Bounded"/>): the answer's status line and headers by
    /// <see cref="AnswerTimeoutMilliseconds"/> (the library's Timeout), each read and write by
    /// <see cref="ReadWriteTimeoutMilliseconds"/>, the body also by the answer time between reads; DNS,
    /// TCP connect and the TLS handshake have only lwIP's and Mbed TLS's (the handshake none against a
    /// silent server). Every failure comes back as one line naming the step, never as an exception.
    /// Sources and line numbers: docs/explanation/dependencies.md ("HttpWebRequest").
    /// </summary>
    public sealed class Esp32HttpExchange : IHttpExchange
    {
        /// <summary>Longest wait for any single read or write once TLS is up (HttpWebRequest.ReadWriteTimeout).</summary>
        public const int ReadWriteTimeoutMilliseconds = 20000;

        /// <summary>Longest wait for the answer once the request is sent (HttpWebRequest.Timeout, then checked between body reads).</summary>
        public const int AnswerTimeoutMilliseconds = 30000;

        private readonly FlashRoots _roots;
        private readonly ILog _log;
        private HttpWebResponse _kept;
        private string _keptHost;

        /// <summary>An exchange that trusts the roots <paramref name="roots"/> loaded, and nothing else.</summary>
        public Esp32HttpExchange(FlashRoots roots, ILog log)
        {
            _roots = roots;
            _log = log;
        }

        /// <summary>Closes the connection a DPS request left open, if any; the next request opens a new one.</summary>
        public void Close()
        {
            if (_kept != null)
            {
                // Closes the socket the pool holds (HttpWebResponse.Close); the pool drops the entry
                // when it next looks for a connection to that host.
                _kept.Close();
                _kept = null;
                _keptHost = null;
            }
        }

        /// <inheritdoc/>
        public HttpExchangeResult Send(DpsRequest request)
        {
            string where = request.Host;
            bool reuse = request.KeepsConnection && _kept != null && _keptHost == where;
            if (!reuse)
            {
                Close();
                _log.Write(LogLevel.Info, "TLS to " + where + ", heap " + HeapInfo.Collect(true));
                string host = HostPort.Host(where);
                try
                {
                    // The library resolves again (from lwIP's cache); this tells a name that does not resolve apart.
                    Dns.GetHostEntry(host);
                }
                catch (Exception ex)
                {
                    return HttpExchangeResult.NameNotResolved(host, Describe(ex));
                }
            }

            string step = reuse ? "sending the request to " + where + " (kept connection)" : "connecting (TCP, TLS) to " + where + " and sending the request";
            HttpWebRequest http = null;
            HttpWebResponse response = null;
            bool keep = false;
            bool waiting = false;
            long started = 0;
            int answerTimeout = request.Bounded(AnswerTimeoutMilliseconds);
            try
            {
                http = (HttpWebRequest)WebRequest.Create(request.Url);
                http.Method = request.Method;
                http.KeepAlive = request.KeepsConnection;
                http.Timeout = answerTimeout;
                http.ReadWriteTimeout = request.Bounded(ReadWriteTimeoutMilliseconds);
                http.MaximumResponseHeadersLength = 2;
                http.SslProtocols = SslProtocols.Tls12;
                http.SslVerification = SslVerification.CertificateRequired;
                http.HttpsAuthentCert = _roots.Certificate;
                http.Accept = DpsRequest.Accept;
                http.UserAgent = DpsRequest.UserAgent;
                http.Headers.Add("Authorization", request.Authorization);
                if (request.Body != null)
                {
                    byte[] body = Encoding.UTF8.GetBytes(request.Body);
                    http.ContentType = DpsRequest.ContentType;
                    http.ContentLength = body.Length;

                    // Not disposed: disposing this stream closes the connection's socket.
                    Stream sending = http.GetRequestStream();
                    sending.Write(body, 0, body.Length);
                    GC.SuppressFinalize(sending);
                }
                else if (request.Method != "GET")
                {
                    http.ContentLength = 0;
                }

                if (request.Body != null || reuse)
                {
                    step = "reading the answer of " + where;
                }
                else
                {
                    // A request without a body is sent inside GetResponse, after connect and TLS.
                    step = "connecting (TCP, TLS) to " + where + ", sending the request and reading the answer";
                }

                started = Environment.TickCount64;
                waiting = true;
                response = (HttpWebResponse)http.GetResponse();
                if (response == null)
                {
                    return HttpExchangeResult.TransportFailed(step + " failed (no connection)");
                }

                bool whole;
                HttpExchangeResult result = Answer(response, started, answerTimeout, out whole);
                keep = request.KeepsConnection && whole && !result.IsTransportFailure;
                return result;
            }
            catch (Exception ex)
            {
                if (waiting && response == null && Environment.TickCount64 - started >= answerTimeout)
                {
                    // HttpWebRequest's Timeout closed the socket under the read that waited for the answer.
                    return HttpExchangeResult.TransportFailed(step + " failed: no answer within " + (answerTimeout / 1000).ToString() + " s (" + Describe(ex) + ")");
                }

                return HttpExchangeResult.TransportFailed(step + " failed (" + Describe(ex) + ")");
            }
            finally
            {
                if (keep)
                {
                    // Left open for the next request to this host: the library marked the connection
                    // free when the answer arrived. Neither the answer nor its stream may be finalized
                    // later (either would close the shared socket), so both are kept from the finalizer.
                    GC.SuppressFinalize(response);
                    _kept = response;
                    _keptHost = where;
                }
                else
                {
                    if (response != null)
                    {
                        response.Close();
                    }

                    if (reuse)
                    {
                        Close();
                    }
                }

                if (http != null)
                {
                    http.Dispose();
                }
            }
        }

        private static HttpExchangeResult Answer(HttpWebResponse response, long started, int answerTimeout, out bool whole)
        {
            whole = false;
            int status = (int)response.StatusCode;
            int retryAfter = HttpExchangeResult.ParseRetryAfter(response.GetResponseHeader("Retry-After"));
            long declared = response.ContentLength;
            byte[] body = new byte[HttpExchangeResult.MaxBodyBytes + 1];
            int length = 0;
            // 204 and 304 have no body whatever the headers say (a 204 without Content-Length would otherwise
            // be read until the server closes or the read times out).
            if (status >= 200 && status <= 599 && status != 204 && status != 304 && declared != 0 && declared <= HttpExchangeResult.MaxBodyBytes)
            {
                // Not disposed: disposing it closes the socket (a kept connection is closed by Close()).
                Stream answer = response.GetResponseStream();
                GC.SuppressFinalize(answer);
                while (length < body.Length)
                {
                    if (Environment.TickCount64 - started > answerTimeout)
                    {
                        return HttpExchangeResult.TransportFailed("no whole answer within " + (answerTimeout / 1000).ToString() + " s");
                    }

                    int read = answer.Read(body, length, body.Length - length);
                    if (read <= 0)
                    {
                        // The end of the body (Content-Length reached, the last chunk, or the server closed). Only
                        // a body of a declared length leaves the connection clean for the next request: after
                        // a chunked one the library may leave the final CRLF unread.
                        whole = declared >= 0 && length == declared;
                        break;
                    }

                    length += read;
                }
            }
            else
            {
                whole = declared <= 0;
            }

            HttpExchangeResult plain = HttpExchangeResult.BeforeParsing(status, retryAfter, declared, length);
            if (plain != null)
            {
                return plain;
            }

            try
            {
                return HttpExchangeResult.Answered(status, retryAfter, DpsJson.ParseResponse(Encoding.UTF8.GetString(body, 0, length)));
            }
            catch (Exception ex)
            {
                return HttpExchangeResult.Malformed(status, retryAfter, "the answer body is not the JSON expected (" + ex.GetType().Name + ")");
            }
        }

        private static string Describe(Exception ex)
        {
            // HttpWebRequest wraps what failed (WebException around SocketException, IOException,
            // CryptographicException, ...) or rethrows it as it is: name the whole chain, innermost last.
            string text = string.Empty;
            for (Exception e = ex; e != null; e = e.InnerException)
            {
                text += (text.Length == 0 ? string.Empty : " <- ") + e.GetType().Name + ": " + e.Message;
                SocketException socket = e as SocketException;
                if (socket != null)
                {
                    text += " (socket error " + socket.ErrorCode.ToString() + ")";
                }
            }

            return text;
        }
    }
}
