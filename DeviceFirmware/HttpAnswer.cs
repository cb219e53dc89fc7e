using System;
using System.IO;
using System.Net;
using System.Text;
using NanoDps.Provisioning;

namespace NanoDps.Firmware
{
    /// <summary>
    /// Turns an HttpWebResponse into the core's <see cref="HttpExchangeResult"/>: the status, the
    /// Retry-After header (whole seconds, as DPS sends it) and the body read up to a cap and
    /// parsed by <see cref="DpsJson"/>. A body that is too large, cut off or not the JSON expected
    /// comes back as Malformed with its status, so the core still sees a 429 or a 503 for what it is.
    /// </summary>
    public static class HttpAnswer
    {
        /// <summary>Reads <paramref name="response"/>, at most <paramref name="maxBodyBytes"/> of body.</summary>
        public static HttpExchangeResult Read(HttpWebResponse response, int maxBodyBytes)
        {
            int status = (int)response.StatusCode;
            int retryAfter = HttpExchangeResult.ParseRetryAfter(response.GetResponseHeader("Retry-After"));
            long declared = status == 204 ? 0 : response.ContentLength;
            if (declared > maxBodyBytes)
            {
                return HttpExchangeResult.Malformed(status, retryAfter, "the answer body has " + declared.ToString() + " bytes, more than " + maxBodyBytes.ToString());
            }

            byte[] body = new byte[declared >= 0 ? (int)declared : maxBodyBytes + 1];
            int length = body.Length == 0 ? 0 : ReadFully(response.GetResponseStream(), body);
            if (length > maxBodyBytes)
            {
                return HttpExchangeResult.Malformed(status, retryAfter, "the answer body is larger than " + maxBodyBytes.ToString() + " bytes");
            }

            if (declared >= 0 && length < declared)
            {
                return HttpExchangeResult.Malformed(status, retryAfter, "the answer body was cut off after " + length.ToString() + " of " + declared.ToString() + " bytes");
            }

            if (length == 0)
            {
                return HttpExchangeResult.Answered(status, retryAfter, null);
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

        private static int ReadFully(Stream stream, byte[] buffer)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int read = stream.Read(buffer, total, buffer.Length - total);
                if (read <= 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }
    }
}
