using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using NanoDps.Provisioning;

namespace NanoDps.Esp32
{
    /// <summary>
    /// <see cref="IHttpExchange"/> on a socket of its own with SslStream (System.Net 1.11.x): TLS 1.2
    /// against the two roots only, one connection per request, every failure returned as one line
    /// that names the step. The bounds: DNS by lwIP (about 7 s per DNS server), the TCP connect by
    /// lwIP's SYN retries, reads and writes by the socket's Receive/SendTimeout, the whole answer by
    /// <see cref="AnswerTimeoutMilliseconds"/>. The TLS handshake has none: it is one blocking native
    /// call in which mbedTLS waits in select() with no timeout (no socket option reaches it), so a
    /// server that accepts TCP and never speaks TLS holds the board until RESET; HttpWebRequest would
    /// not bound it either. The request and answer bytes are the core's (<see cref="HttpWire"/>,
    /// <see cref="HttpResponseReader"/>), so the framing is tested on both runners.
    /// Sources and line numbers: docs/firmware-api.md ("What bounds each blocking step on the board").
    /// </summary>
    public sealed class Esp32HttpExchange : IHttpExchange
    {
        /// <summary>Longest wait for any single read or write once TLS is up.</summary>
        public const int ReadWriteTimeoutMilliseconds = 20000;

        /// <summary>Longest wait for the whole answer once the request is sent.</summary>
        public const int AnswerTimeoutMilliseconds = 30000;

        /// <summary>Largest status line and headers read.</summary>
        public const int MaxHeaderBytes = 2048;

        /// <summary>Largest answer body read; DPS answers are well under 2 KB.</summary>
        public const int MaxBodyBytes = 4096;

        private readonly FlashRoots _roots;
        private readonly ILog _log;

        /// <summary>An exchange that trusts the roots <paramref name="roots"/> loaded, and nothing else.</summary>
        public Esp32HttpExchange(FlashRoots roots, ILog log)
        {
            _roots = roots;
            _log = log;
        }

        /// <inheritdoc/>
        public HttpExchangeResult Send(DpsRequest request)
        {
            string where = request.Host;
            int colon = where.IndexOf(':');
            string host = colon < 0 ? where : where.Substring(0, colon);
            int port = colon < 0 ? 443 : int.Parse(where.Substring(colon + 1));
            _log.Write(LogLevel.Info, "TLS to " + where + ", heap " + HeapInfo.Collect(true));
            string step = "DNS lookup of " + host;
            Socket socket = null;
            SslStream tls = null;
            try
            {
                IPAddress address;
                try
                {
                    address = Dns.GetHostEntry(host).AddressList[0];
                }
                catch (Exception ex)
                {
                    return HttpExchangeResult.NameNotResolved(host, Describe(ex));
                }

                step = "TCP connect to " + where;
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(new IPEndPoint(address, port));
                socket.ReceiveTimeout = ReadWriteTimeoutMilliseconds;
                socket.SendTimeout = ReadWriteTimeoutMilliseconds;

                step = "TLS handshake with " + where;
                tls = new SslStream(socket);
                tls.SslVerification = SslVerification.CertificateRequired;
                tls.AuthenticateAsClient(host, null, _roots.Certificate, SslProtocols.Tls12);

                step = "sending the request to " + where;
                byte[] body = request.Body == null ? new byte[0] : Encoding.UTF8.GetBytes(request.Body);
                byte[] head = Encoding.UTF8.GetBytes(HttpWire.RequestHead(request, body.Length));
                tls.Write(head, 0, head.Length);
                tls.Write(body, 0, body.Length);

                step = "reading the answer of " + where;
                return Answer(Read(tls));
            }
            catch (Exception ex)
            {
                return HttpExchangeResult.TransportFailed(step + " failed (" + Describe(ex) + ")");
            }
            finally
            {
                if (tls != null)
                {
                    tls.Dispose();
                }
                else if (socket != null)
                {
                    socket.Close();
                }
            }
        }

        private static HttpResponseReader Read(SslStream tls)
        {
            HttpResponseReader reader = new HttpResponseReader(MaxHeaderBytes, MaxBodyBytes);
            byte[] buffer = new byte[512];
            long deadline = Environment.TickCount64 + AnswerTimeoutMilliseconds;
            while (!reader.IsComplete)
            {
                if (Environment.TickCount64 > deadline)
                {
                    throw new TimeoutException("no whole answer within " + (AnswerTimeoutMilliseconds / 1000).ToString() + " s");
                }

                int read = tls.Read(buffer, 0, buffer.Length);
                if (read <= 0)
                {
                    reader.Closed();
                }
                else
                {
                    reader.Feed(buffer, 0, read);
                }
            }

            return reader;
        }

        private static HttpExchangeResult Answer(HttpResponseReader reader)
        {
            HttpExchangeResult plain = reader.ResultWithoutBody();
            if (plain != null)
            {
                return plain;
            }

            try
            {
                return HttpExchangeResult.Answered(reader.StatusCode, reader.RetryAfterSeconds, DpsJson.ParseResponse(Encoding.UTF8.GetString(reader.Body, 0, reader.BodyLength)));
            }
            catch (Exception ex)
            {
                return HttpExchangeResult.Malformed(reader.StatusCode, reader.RetryAfterSeconds, "the answer body is not the JSON expected (" + ex.GetType().Name + ")");
            }
        }

        private static string Describe(Exception ex)
        {
            string text = ex.GetType().Name + ": " + ex.Message;
            SocketException socket = ex as SocketException;
            if (socket != null)
            {
                text += " (socket error " + socket.ErrorCode.ToString() + ")";
            }

            return ex.InnerException == null ? text : text + " <- " + ex.InnerException.GetType().Name + ": " + ex.InnerException.Message;
        }
    }
}
