namespace NanoDps.Provisioning
{
    /// <summary>
    /// The bytes of an HTTP/1.1 request for a transport that writes them itself (the board's HTTPS
    /// exchange runs over its own socket so that it can bound the TLS handshake). One request per
    /// connection: every request says "Connection: close".
    /// </summary>
    public static class HttpWire
    {
        /// <summary>
        /// The request line and headers of <paramref name="request"/>, ending with the blank line; its body
        /// (<paramref name="bodyLength"/> bytes of UTF-8, 0 for none) follows them on the wire.
        /// </summary>
        public static string RequestHead(DpsRequest request, int bodyLength)
        {
            string head = request.Method + " " + request.PathAndQuery + " HTTP/1.1\r\n"
                + "Host: " + request.Host + "\r\n"
                + "Authorization: " + request.Authorization + "\r\n"
                + "Accept: " + DpsRequest.Accept + "\r\n"
                + "User-Agent: " + DpsRequest.UserAgent + "\r\n";
            if (request.Body != null)
            {
                head += "Content-Type: " + DpsRequest.ContentType + "\r\n" + "Content-Length: " + bodyLength.ToString() + "\r\n";
            }

            return head + "Connection: close\r\n\r\n";
        }
    }
}
