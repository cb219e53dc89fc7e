namespace NanoDps.Provisioning
{
    /// <summary>
    /// One DPS answer, interpreted: a flat value like azure-sdk-for-c's register response, with
    /// the <see cref="AnswerKind"/> the flow acts on and every field it may need.
    /// </summary>
    public sealed class DpsAnswer
    {
        private DpsAnswer(AnswerKind kind, HttpExchangeResult result)
        {
            Kind = kind;
            HttpStatus = result.StatusCode;
            RetryAfterSeconds = result.RetryAfterSeconds;
            Detail = result.Failure;
            IsNameNotResolved = result.IsNameNotResolved;
            DpsResponse body = result.Body;
            if (body != null)
            {
                OperationId = body.OperationId;
                ErrorCode = body.ErrorCode;
                ErrorMessage = body.Message;
                TrackingId = body.TrackingId;
                DpsRegistrationState state = body.RegistrationState;
                if (state != null)
                {
                    AssignedHub = state.AssignedHub;
                    DeviceId = state.DeviceId;
                    Substatus = state.Substatus;
                    PayloadJson = state.PayloadJson;
                    if (state.ErrorCode != 0)
                    {
                        ErrorCode = state.ErrorCode;
                        ErrorMessage = state.ErrorMessage;
                    }
                }
            }
        }

        /// <summary>What the answer means.</summary>
        public AnswerKind Kind { get; }

        /// <summary>HTTP status; 0 for a transport error.</summary>
        public int HttpStatus { get; }

        /// <summary>Retry-After seconds, or <see cref="HttpExchangeResult.NoRetryAfter"/>.</summary>
        public int RetryAfterSeconds { get; }

        /// <summary>Operation to poll.</summary>
        public string OperationId { get; }

        /// <summary>Assigned IoT Hub host name.</summary>
        public string AssignedHub { get; }

        /// <summary>Device id in the assigned hub.</summary>
        public string DeviceId { get; }

        /// <summary>Assignment substatus, e.g. initialAssignment.</summary>
        public string Substatus { get; }

        /// <summary>Payload returned by DPS (JSON text), or null.</summary>
        public string PayloadJson { get; }

        /// <summary>DPS error code (6 digits), or 0.</summary>
        public int ErrorCode { get; }

        /// <summary>DPS error message, or null.</summary>
        public string ErrorMessage { get; }

        /// <summary>DPS tracking id of an error, or null.</summary>
        public string TrackingId { get; }

        /// <summary>Why a transport error or malformed answer happened, or null.</summary>
        public string Detail { get; }

        /// <summary>True for a transport error because DNS could not resolve the host name.</summary>
        public bool IsNameNotResolved { get; }

        /// <summary>Interprets what the transport returned.</summary>
        public static DpsAnswer Interpret(HttpExchangeResult result)
        {
            return new DpsAnswer(KindOf(result), result);
        }

        private static AnswerKind KindOf(HttpExchangeResult result)
        {
            int status = result.StatusCode;
            if (result.IsTransportFailure)
            {
                return AnswerKind.TransportError;
            }

            if (status == 429)
            {
                return AnswerKind.Throttled;
            }

            if (status >= 500)
            {
                return AnswerKind.ServerError;
            }

            if (status == 401 || status == 403)
            {
                return AnswerKind.Unauthorized;
            }

            if (status == 404)
            {
                return AnswerKind.NotFound;
            }

            if (status >= 400)
            {
                return AnswerKind.BadRequest;
            }

            if ((status == 200 || status == 202) && result.Body != null)
            {
                return KindOfOperation(result.Body);
            }

            return AnswerKind.Malformed;
        }

        private static AnswerKind KindOfOperation(DpsResponse body)
        {
            string status = body.Status;
            DpsRegistrationState state = body.RegistrationState;
            if (status == "assigning" || status == "unassigned")
            {
                return DeviceConfig.IsEmpty(body.OperationId) ? AnswerKind.Malformed : AnswerKind.Assigning;
            }

            if (status == "assigned")
            {
                bool complete = state != null && !DeviceConfig.IsEmpty(state.AssignedHub) && !DeviceConfig.IsEmpty(state.DeviceId);
                return complete ? AnswerKind.Assigned : AnswerKind.Malformed;
            }

            if (status == "failed")
            {
                return AnswerKind.Failed;
            }

            if (status == "disabled")
            {
                return AnswerKind.Disabled;
            }

            return AnswerKind.Malformed;
        }
    }
}
