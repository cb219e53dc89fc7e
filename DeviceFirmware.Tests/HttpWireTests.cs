using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>HTTP/1.1 on the board's own TLS socket: the request head the core writes and the answer it reads, in pieces of any size.</summary>
    [TestClass]
    public class HttpWireTests
    {
        private const string Assigning = "{\"operationId\":\"op-1\",\"status\":\"assigning\"}";

        private static byte[] Bytes(string text)
        {
            return Ascii.GetBytes(text);
        }

        /// <summary>Feeds <paramref name="answer"/> in pieces of <paramref name="piece"/> bytes, then closes when <paramref name="close"/>.</summary>
        private static HttpResponseReader Read(string answer, int piece, bool close)
        {
            byte[] bytes = Bytes(answer);
            HttpResponseReader reader = new HttpResponseReader(1024, 256);
            for (int at = 0; at < bytes.Length && !reader.IsComplete; at += piece)
            {
                reader.Feed(bytes, at, at + piece > bytes.Length ? bytes.Length - at : piece);
            }

            if (close)
            {
                reader.Closed();
            }

            return reader;
        }

        private static string BodyText(HttpResponseReader reader)
        {
            char[] chars = new char[reader.BodyLength];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)reader.Body[i];
            }

            return new string(chars);
        }

        [TestMethod]
        public void RequestHead_IsWhatTheCoreBuilt_WithConnectionClose()
        {
            DpsRequest register = DpsRequests.Register("global.azure-devices-provisioning.net", "0ne00000A0A", "dev-1", "2021-10-01", "SharedAccessSignature sr=x", "{}");
            Assert.AreEqual("PUT /0ne00000A0A/registrations/dev-1/register?api-version=2021-10-01 HTTP/1.1\r\n"
                + "Host: global.azure-devices-provisioning.net\r\nAuthorization: SharedAccessSignature sr=x\r\nAccept: application/json\r\nUser-Agent: nanoDps/1.0\r\n"
                + "Content-Type: application/json; charset=utf-8\r\nContent-Length: 37\r\nConnection: close\r\n\r\n", HttpWire.RequestHead(register, 37));

            DpsRequest poll = DpsRequests.PollOperation("localhost:8443", "s", "d", "op", "2021-10-01", "t");
            Assert.AreEqual("GET /s/registrations/d/operations/op?api-version=2021-10-01 HTTP/1.1\r\nHost: localhost:8443\r\nAuthorization: t\r\n"
                + "Accept: application/json\r\nUser-Agent: nanoDps/1.0\r\nConnection: close\r\n\r\n", HttpWire.RequestHead(poll, 0));
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(7)]
        [DataRow(4096)]
        public void ContentLengthAnswer_IsReadWhateverThePieces(int piece)
        {
            HttpResponseReader reader = Read("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nretry-after: 3\r\nContent-Length: " + Assigning.Length.ToString() + "\r\n\r\n" + Assigning, piece, false);
            Assert.IsTrue(reader.IsComplete, "complete without waiting for the connection to close");
            Assert.IsNull(reader.Problem);
            Assert.AreEqual(202, reader.StatusCode);
            Assert.AreEqual(3, reader.RetryAfterSeconds);
            Assert.AreEqual(Assigning, BodyText(reader));
            Assert.IsNull(reader.ResultWithoutBody(), "a body for the caller to parse");
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(5)]
        [DataRow(4096)]
        public void ChunkedAnswer_IsReassembled(int piece)
        {
            HttpResponseReader reader = Read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1a;ext=1\r\n{\"operationId\":\"op-1\",\"sta\r\n11\r\ntus\":\"assigning\"}\r\n0\r\nX-Trailer: y\r\n\r\n", piece, false);
            Assert.IsTrue(reader.IsComplete);
            Assert.IsNull(reader.Problem, reader.Problem);
            Assert.AreEqual(Assigning, BodyText(reader));
        }

        [TestMethod]
        public void AnswerWithoutLength_EndsWithTheConnection()
        {
            HttpResponseReader reader = Read("HTTP/1.0 200 OK\r\n\r\n" + Assigning, 3, false);
            Assert.IsFalse(reader.IsComplete);
            reader.Closed();
            Assert.IsTrue(reader.IsComplete);
            Assert.IsNull(reader.Problem);
            Assert.AreEqual(Assigning, BodyText(reader));
        }

        [TestMethod]
        public void NoContent_HasNoBody()
        {
            HttpResponseReader reader = Read("HTTP/1.1 204 No Content\r\nServer: hub\r\n\r\n", 1, false);
            Assert.IsTrue(reader.IsComplete);
            HttpExchangeResult result = reader.ResultWithoutBody();
            Assert.AreEqual(204, result.StatusCode);
            Assert.IsNull(result.Body);
            Assert.IsNull(result.Failure);
        }

        [TestMethod]
        public void InterimAnswer_IsSkipped()
        {
            HttpResponseReader reader = Read("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n", 2, false);
            Assert.AreEqual(429, reader.StatusCode);
            Assert.AreEqual(7, reader.RetryAfterSeconds);
            Assert.AreEqual(429, reader.ResultWithoutBody().StatusCode);
        }

        [TestMethod]
        [DataRow("HTTP/2 200 OK\r\n\r\n")]
        [DataRow("HTTP/1.1 2x0 OK\r\n\r\n")]
        [DataRow("<html>hello</html>\r\n")]
        [DataRow("HTTP/1.1 099 Odd\r\n\r\n")]
        public void AStatusLineThatIsNotHttp_IsATransportFailure(string answer)
        {
            HttpExchangeResult result = Read(answer, 4, true).ResultWithoutBody();
            Assert.IsTrue(result.IsTransportFailure);
            Assert.AreEqual("the answer had no valid HTTP status line", result.Failure);
        }

        [TestMethod]
        public void NoAnswerAtAll_IsATransportFailure()
        {
            HttpExchangeResult result = Read(string.Empty, 1, true).ResultWithoutBody();
            Assert.IsTrue(result.IsTransportFailure);
            Assert.AreEqual("the server closed the connection without answering", result.Failure);
        }

        [TestMethod]
        public void ABodyCutOff_IsMalformedWithItsStatus()
        {
            HttpExchangeResult result = Read("HTTP/1.1 200 OK\r\nContent-Length: 44\r\n\r\n{\"operationId\"", 4, true).ResultWithoutBody();
            Assert.AreEqual(200, result.StatusCode);
            Assert.AreEqual("the answer body was cut off after 14 of 44 bytes", result.Failure);
        }

        [TestMethod]
        public void AChunkedBodyCutOff_IsMalformed()
        {
            HttpExchangeResult result = Read("HTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"message\"", 4, true).ResultWithoutBody();
            Assert.AreEqual(503, result.StatusCode);
            Assert.StartsWith("the chunked answer body was cut off", result.Failure);
        }

        [TestMethod]
        public void ABodyOverTheLimit_IsRefusedWithoutReadingIt()
        {
            HttpResponseReader declared = Read("HTTP/1.1 400 Bad Request\r\nContent-Length: 100000\r\n\r\n", 64, false);
            Assert.IsTrue(declared.IsComplete);
            Assert.AreEqual("the answer body has 100000 bytes, more than 256", declared.Problem);
            Assert.AreEqual(400, declared.ResultWithoutBody().StatusCode);

            string big = "HTTP/1.1 200 OK\r\n\r\n";
            for (int i = 0; i < 30; i++)
            {
                big += "0123456789";
            }

            HttpResponseReader undeclared = Read(big, 16, false);
            Assert.AreEqual("the answer body is larger than 256 bytes", undeclared.Problem);
        }

        [TestMethod]
        public void AChunkOverTheLimit_IsRefusedAsTooLarge_NotAsBadHex()
        {
            // 10000 and ffffffffff are valid hexadecimal: too large, not malformed.
            HttpResponseReader reader = Read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n", 8, false);
            Assert.IsTrue(reader.IsComplete);
            Assert.AreEqual("the answer body is larger than 256 bytes", reader.Problem);

            HttpResponseReader huge = Read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\n", 8, false);
            Assert.AreEqual("the answer body is larger than 256 bytes", huge.Problem);

            HttpResponseReader notHex = Read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1g\r\n", 8, false);
            Assert.AreEqual("a chunk size of the answer body is not hexadecimal", notHex.Problem);
        }

        [TestMethod]
        public void HeadersOverTheLimit_AreRefused()
        {
            string head = "HTTP/1.1 200 OK\r\nX-Long: ";
            for (int i = 0; i < 110; i++)
            {
                head += "0123456789";
            }

            HttpResponseReader reader = Read(head + "\r\n\r\n", 32, false);
            Assert.IsTrue(reader.IsComplete);
            Assert.AreEqual("the headers are longer than 1024 bytes", reader.Problem);
        }
    }
}
