using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class HttpExchangeResultTests
    {
        [TestMethod]
        [DataRow(0)]
        [DataRow(-1)]
        [DataRow(99)]
        [DataRow(600)]
        public void AStatusThatIsNoHttpStatus_IsATransportFailure(int status)
        {
            // nanoFramework's HttpWebResponse gives 0 for a malformed status line.
            DpsResponse body = new DpsResponse();
            body.Status = "assigned";
            HttpExchangeResult result = HttpExchangeResult.Answered(status, 30, body);
            Assert.IsTrue(result.IsTransportFailure);
            Assert.AreEqual(0, result.StatusCode);
            Assert.AreEqual(HttpExchangeResult.NoRetryAfter, result.RetryAfterSeconds, "a Retry-After of a broken answer is not honoured");
            Assert.IsNull(result.Body);
            Assert.AreEqual("the answer had no valid HTTP status line (status " + status.ToString() + ")", result.Failure);
            Assert.AreEqual((int)AnswerKind.TransportError, (int)DpsAnswer.Interpret(result).Kind);
            Assert.AreEqual((int)HubVerdict.Failed, (int)HubRequests.Verdict(result));
        }

        [TestMethod]
        public void AMalformedAnswerWithoutStatus_KeepsItsReason()
        {
            HttpExchangeResult result = HttpExchangeResult.Malformed(0, -1, "cut off");
            Assert.IsTrue(result.IsTransportFailure);
            Assert.AreEqual("the answer had no valid HTTP status line (status 0); cut off", result.Failure);
        }

        [TestMethod]
        public void ANameDnsCouldNotResolve_IsATransportFailureOfItsOwnKind()
        {
            HttpExchangeResult result = HttpExchangeResult.NameNotResolved("dps.example", "Name or service not known");
            Assert.IsTrue(result.IsTransportFailure);
            Assert.IsTrue(result.IsNameNotResolved);
            Assert.AreEqual("DNS: the name dps.example could not be resolved (Name or service not known)", result.Failure);
            Assert.IsTrue(DpsAnswer.Interpret(result).IsNameNotResolved);
            Assert.IsFalse(HttpExchangeResult.TransportFailed("connection reset").IsNameNotResolved);
        }

        [TestMethod]
        public void BeforeParsing_AnAnswerWithoutBody_IsAnAnswer()
        {
            HttpExchangeResult result = HttpExchangeResult.BeforeParsing(429, 7, 0, 0);
            Assert.AreEqual(429, result.StatusCode);
            Assert.AreEqual(7, result.RetryAfterSeconds);
            Assert.IsNull(result.Body);
            Assert.IsNull(result.Failure);
            Assert.AreEqual(204, HttpExchangeResult.BeforeParsing(204, -1, -1, 0).StatusCode);
        }

        [TestMethod]
        public void BeforeParsing_ABodyToParse_IsLeftToTheCaller()
        {
            Assert.IsNull(HttpExchangeResult.BeforeParsing(200, -1, 44, 44));
            Assert.IsNull(HttpExchangeResult.BeforeParsing(202, 3, -1, HttpExchangeResult.MaxBodyBytes), "chunked, at the limit");
        }

        [TestMethod]
        public void BeforeParsing_StatusZero_IsATransportFailure()
        {
            // HttpWebRequest 1.5.210 answers a malformed status line with StatusCode 0 and no exception.
            HttpExchangeResult result = HttpExchangeResult.BeforeParsing(0, 5, -1, 10);
            Assert.IsTrue(result.IsTransportFailure);
            Assert.AreEqual("the answer had no valid HTTP status line (status 0)", result.Failure);
        }

        [TestMethod]
        public void BeforeParsing_ABodyOverTheLimit_IsMalformed()
        {
            HttpExchangeResult read = HttpExchangeResult.BeforeParsing(200, -1, -1, HttpExchangeResult.MaxBodyBytes + 1);
            Assert.AreEqual(200, read.StatusCode);
            Assert.IsNull(read.Body);
            Assert.AreEqual("the answer body is larger than 4096 bytes", read.Failure);
            Assert.AreEqual("the answer body is larger than 4096 bytes", HttpExchangeResult.BeforeParsing(503, 2, 100000, 0).Failure, "declared too large, nothing read");
            Assert.AreEqual(2, HttpExchangeResult.BeforeParsing(503, 2, 100000, 0).RetryAfterSeconds);
        }

        [TestMethod]
        public void BeforeParsing_ABodyShorterThanItsContentLength_IsCutOff()
        {
            HttpExchangeResult result = HttpExchangeResult.BeforeParsing(200, -1, 44, 14);
            Assert.AreEqual(200, result.StatusCode);
            Assert.AreEqual("the answer body was cut off after 14 of 44 bytes", result.Failure);
        }

        [TestMethod]
        [DataRow(100)]
        [DataRow(204)]
        [DataRow(599)]
        public void ARealStatus_IsAnAnswer(int status)
        {
            HttpExchangeResult result = HttpExchangeResult.Answered(status, -1, null);
            Assert.IsFalse(result.IsTransportFailure);
            Assert.AreEqual(status, result.StatusCode);
        }
    }
}
