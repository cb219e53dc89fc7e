using System;
using System.Collections;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    /// <summary>
    /// A DPS that answers from a script, one answer per request, and records every request with the
    /// clock reading at which it was sent.
    /// </summary>
    public sealed class ScriptedExchange : IHttpExchange
    {
        private readonly ArrayList _answers = new ArrayList();
        private readonly FakeClock _clock;
        private int _next;

        public ScriptedExchange(FakeClock clock)
        {
            _clock = clock;
            Requests = new ArrayList();
            SentAt = new ArrayList();
        }

        /// <summary>Every <see cref="DpsRequest"/> sent, in order.</summary>
        public ArrayList Requests { get; }

        /// <summary>The clock (long ms) when each request was sent.</summary>
        public ArrayList SentAt { get; }

        public ScriptedExchange Then(HttpExchangeResult answer)
        {
            _answers.Add(answer);
            return this;
        }

        public HttpExchangeResult Send(DpsRequest request)
        {
            Requests.Add(request);
            SentAt.Add(_clock.UtcNowMilliseconds);
            if (_next >= _answers.Count)
            {
                throw new Exception("the script has no answer for request " + Requests.Count.ToString());
            }

            return (HttpExchangeResult)_answers[_next++];
        }

        public DpsRequest Request(int index)
        {
            return (DpsRequest)Requests[index];
        }

        public static HttpExchangeResult Assigning(string operationId, int retryAfter)
        {
            DpsResponse body = new DpsResponse();
            body.OperationId = operationId;
            body.Status = "assigning";
            return HttpExchangeResult.Answered(202, retryAfter, body);
        }

        public static HttpExchangeResult Assigned(string operationId, string hub, string deviceId)
        {
            DpsResponse body = new DpsResponse();
            body.OperationId = operationId;
            body.Status = "assigned";
            body.RegistrationState = new DpsRegistrationState();
            body.RegistrationState.AssignedHub = hub;
            body.RegistrationState.DeviceId = deviceId;
            body.RegistrationState.Status = "assigned";
            body.RegistrationState.Substatus = "initialAssignment";
            return HttpExchangeResult.Answered(200, HttpExchangeResult.NoRetryAfter, body);
        }

        public static HttpExchangeResult Error(int status, int errorCode, int retryAfter)
        {
            DpsResponse body = new DpsResponse();
            body.ErrorCode = errorCode;
            body.Message = "scripted error " + errorCode.ToString();
            body.TrackingId = "tracking-1";
            return HttpExchangeResult.Answered(status, retryAfter, body);
        }
    }
}
