using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class DpsAnswerTests
    {
        [TestMethod]
        public void Accepted_IsAssigningWithTheOperationAndRetryAfter()
        {
            DpsAnswer answer = DpsAnswer.Interpret(ScriptedExchange.Assigning("5.316a", 3));
            Assert.AreEqual((int)AnswerKind.Assigning, (int)answer.Kind);
            Assert.AreEqual("5.316a", answer.OperationId);
            Assert.AreEqual(3, answer.RetryAfterSeconds);
        }

        [TestMethod]
        public void Assigned_CarriesHubDeviceSubstatusAndPayload()
        {
            HttpExchangeResult result = ScriptedExchange.Assigned("op", "hub-1.azure-devices.net", "dev1");
            result.Body.RegistrationState.PayloadJson = "{\"x\":1}";
            DpsAnswer answer = DpsAnswer.Interpret(result);
            Assert.AreEqual((int)AnswerKind.Assigned, (int)answer.Kind);
            Assert.AreEqual("hub-1.azure-devices.net", answer.AssignedHub);
            Assert.AreEqual("dev1", answer.DeviceId);
            Assert.AreEqual("initialAssignment", answer.Substatus);
            Assert.AreEqual("{\"x\":1}", answer.PayloadJson);
        }

        [TestMethod]
        public void Failed_CarriesTheRegistrationStateError()
        {
            DpsResponse body = new DpsResponse();
            body.OperationId = "op";
            body.Status = "failed";
            body.RegistrationState = new DpsRegistrationState();
            body.RegistrationState.Status = "failed";
            body.RegistrationState.ErrorCode = 400207;
            body.RegistrationState.ErrorMessage = "Custom allocation failed";
            DpsAnswer answer = DpsAnswer.Interpret(HttpExchangeResult.Answered(200, -1, body));
            Assert.AreEqual((int)AnswerKind.Failed, (int)answer.Kind);
            Assert.AreEqual(400207, answer.ErrorCode);
            Assert.AreEqual("Custom allocation failed", answer.ErrorMessage);
        }

        [TestMethod]
        public void Disabled_IsDisabledEvenWithoutOperationId()
        {
            DpsResponse body = new DpsResponse();
            body.OperationId = "";
            body.Status = "disabled";
            Assert.AreEqual((int)AnswerKind.Disabled, (int)DpsAnswer.Interpret(HttpExchangeResult.Answered(200, -1, body)).Kind);
        }

        [TestMethod]
        [DataRow(401, 401002, 4)]
        [DataRow(403, 403000, 4)]
        [DataRow(404, 404201, 5)]
        [DataRow(400, 400004, 6)]
        [DataRow(409, 409000, 6)]
        [DataRow(429, 429001, 7)]
        [DataRow(500, 500000, 8)]
        [DataRow(503, 503000, 8)]
        public void ErrorStatus_MapsToItsKindWithTheErrorBody(int status, int errorCode, int kind)
        {
            DpsAnswer answer = DpsAnswer.Interpret(ScriptedExchange.Error(status, errorCode, 5));
            Assert.AreEqual(kind, (int)answer.Kind);
            Assert.AreEqual(status, answer.HttpStatus);
            Assert.AreEqual(errorCode, answer.ErrorCode);
            Assert.AreEqual("tracking-1", answer.TrackingId);
        }

        [TestMethod]
        [DataRow("3", 3)]
        [DataRow(" 120 ", 120)]
        [DataRow("0", 0)]
        [DataRow("", -1)]
        [DataRow("soon", -1)]
        [DataRow("-5", -1)]
        [DataRow("1.5", -1)]
        [DataRow("Wed, 21 Oct 2015 07:28:00 GMT", -1)]
        [DataRow("9999999", -1)]
        public void RetryAfterHeader_IsWholeSecondsOrAbsent(string header, int expected)
        {
            Assert.AreEqual(expected, HttpExchangeResult.ParseRetryAfter(header));
        }

        [TestMethod]
        public void RetryAfterHeader_Missing_IsAbsent()
        {
            Assert.AreEqual(HttpExchangeResult.NoRetryAfter, HttpExchangeResult.ParseRetryAfter(null));
        }

        [TestMethod]
        public void NoAnswer_IsATransportError()
        {
            DpsAnswer answer = DpsAnswer.Interpret(HttpExchangeResult.TransportFailed("connection reset"));
            Assert.AreEqual((int)AnswerKind.TransportError, (int)answer.Kind);
            Assert.AreEqual("connection reset", answer.Detail);
        }

        [TestMethod]
        public void UnparsableBody_IsMalformedButA429StaysThrottled()
        {
            Assert.AreEqual((int)AnswerKind.Malformed, (int)DpsAnswer.Interpret(HttpExchangeResult.Malformed(200, -1, "truncated")).Kind);
            Assert.AreEqual((int)AnswerKind.Throttled, (int)DpsAnswer.Interpret(HttpExchangeResult.Malformed(429, 3, "truncated")).Kind);
            Assert.AreEqual((int)AnswerKind.ServerError, (int)DpsAnswer.Interpret(HttpExchangeResult.Malformed(502, -1, "html")).Kind);
        }

        [TestMethod]
        public void IncompleteAnswers_AreMalformed()
        {
            Assert.AreEqual((int)AnswerKind.Malformed, (int)DpsAnswer.Interpret(ScriptedExchange.Assigning(null, 3)).Kind, "assigning without operationId");
            Assert.AreEqual((int)AnswerKind.Malformed, (int)DpsAnswer.Interpret(ScriptedExchange.Assigned("op", null, "dev")).Kind, "assigned without hub");
            Assert.AreEqual((int)AnswerKind.Malformed, (int)DpsAnswer.Interpret(HttpExchangeResult.Answered(200, -1, null)).Kind, "200 without body");
            DpsResponse odd = new DpsResponse();
            odd.Status = "exploded";
            Assert.AreEqual((int)AnswerKind.Malformed, (int)DpsAnswer.Interpret(HttpExchangeResult.Answered(200, -1, odd)).Kind, "unknown status");
            Assert.AreEqual((int)AnswerKind.Malformed, (int)DpsAnswer.Interpret(HttpExchangeResult.Answered(302, -1, null)).Kind, "redirect");
        }
    }
}
