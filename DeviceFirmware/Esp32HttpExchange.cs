using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// <see cref="IHttpExchange"/> over HttpWebRequest (System.Net.Http 1.5.210): TLS 1.2 against
    /// the two root CAs only, one connection per request (KeepAlive off, so the socket and its TLS
    /// buffers go with the response), every failure returned as a result; <see cref="HttpAnswer"/>
    /// reads the status, Retry-After and the capped body. Facts from the library's source: a non-2xx status comes back from
    /// GetResponse like any other (a WebException carrying a Response is handled the same way in
    /// case that changes); <c>SslVerification</c> defaults to 0, which verifies nothing, so it is
    /// set explicitly; there is no connect timeout (Timeout covers the wait for the status line,
    /// ReadWriteTimeout each read and write), so the watchdog bounds the whole exchange.
    /// </summary>
    public sealed class Esp32HttpExchange : IHttpExchange
    {
        /// <summary>Longest wait for the status line and headers.</summary>
        public const int ResponseTimeoutMilliseconds = 30000;

        /// <summary>Longest wait for any single read or write on the connection.</summary>
        public const int ReadWriteTimeoutMilliseconds = 20000;

        /// <summary>Largest answer body read; DPS answers are well under 2 KB.</summary>
        public const int MaxBodyBytes = 4096;

        /// <summary>Watchdog bound of one whole exchange: DNS, TCP, TLS handshake, request and answer.</summary>
        public const int ExchangeBoundMilliseconds = 120000;

        private readonly X509Certificate _roots;
        private readonly ILog _log;
        private readonly Watchdog _watchdog;

        /// <summary>Creates the exchange; <paramref name="rootCertificatesPem"/> holds one or more PEM certificates.</summary>
        public Esp32HttpExchange(string rootCertificatesPem, ILog log, Watchdog watchdog)
        {
            _roots = new X509Certificate(rootCertificatesPem);
            _log = log;
            _watchdog = watchdog;
        }

        /// <inheritdoc/>
        public HttpExchangeResult Send(DpsRequest request)
        {
            _watchdog.Arm(ExchangeBoundMilliseconds, request.Method + " https://" + request.Host);
            _log.Write(LogLevel.Info, "TLS to " + request.Host + ", heap " + HeapInfo.Collect(true));
            HttpWebRequest web = null;
            HttpWebResponse response = null;
            try
            {
                try
                {
                    web = Prepare(request);
                    WriteBody(web, request.Body);
                    response = (HttpWebResponse)web.GetResponse();
                }
                catch (WebException ex)
                {
                    response = ex.Response as HttpWebResponse;
                    if (response == null)
                    {
                        return HttpExchangeResult.TransportFailed(Describe(ex));
                    }
                }

                return response == null ? HttpExchangeResult.TransportFailed("the request could not be sent") : HttpAnswer.Read(response, MaxBodyBytes);
            }
            catch (Exception ex)
            {
                return HttpExchangeResult.TransportFailed(Describe(ex));
            }
            finally
            {
                if (response != null)
                {
                    response.Dispose();
                }

                if (web != null)
                {
                    web.Dispose();
                }
            }
        }

        private HttpWebRequest Prepare(DpsRequest request)
        {
            HttpWebRequest web = (HttpWebRequest)WebRequest.Create(request.Url);
            web.Method = request.Method;
            web.KeepAlive = false;
            web.Timeout = ResponseTimeoutMilliseconds;
            web.ReadWriteTimeout = ReadWriteTimeoutMilliseconds;
            web.SslProtocols = SslProtocols.Tls12;
            web.SslVerification = SslVerification.CertificateRequired;
            web.HttpsAuthentCert = _roots;
            web.Accept = DpsRequest.Accept;
            web.UserAgent = DpsRequest.UserAgent;
            web.Headers.Add("Authorization", request.Authorization);
            return web;
        }

        private static void WriteBody(HttpWebRequest web, string body)
        {
            if (body == null)
            {
                return;
            }

            byte[] bytes = Encoding.UTF8.GetBytes(body);
            web.ContentType = DpsRequest.ContentType;
            web.ContentLength = bytes.Length;

            // Not disposed: in 1.5.210 disposing this stream closes the connection before the answer.
            Stream stream = web.GetRequestStream();
            stream.Write(bytes, 0, bytes.Length);
        }

        private static string Describe(Exception ex)
        {
            string text = ex.GetType().Name + ": " + ex.Message;
            return ex.InnerException == null ? text : text + " <- " + ex.InnerException.GetType().Name + ": " + ex.InnerException.Message;
        }
    }
}
