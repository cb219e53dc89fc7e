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
