namespace NanoDps.Provisioning
{
    /// <summary>The end of one provisioning flow: the assignment, or why there is none and what to check.</summary>
    public sealed class ProvisioningOutcome
    {
        internal ProvisioningOutcome(OutcomeKind kind, DpsAnswer answer, string hint, int requestCount, long elapsedMilliseconds)
        {
            Kind = kind;
            Hint = hint;
            RequestCount = requestCount;
            ElapsedMilliseconds = elapsedMilliseconds;
            if (answer != null)
            {
                HttpStatus = answer.HttpStatus;
                AssignedHub = answer.AssignedHub;
                DeviceId = answer.DeviceId;
                Substatus = answer.Substatus;
                PayloadJson = answer.PayloadJson;
                ErrorCode = answer.ErrorCode;
                ErrorMessage = answer.ErrorMessage;
                TrackingId = answer.TrackingId;
            }
        }

        /// <summary>How the flow ended.</summary>
        public OutcomeKind Kind { get; }

        /// <summary>True when a hub was assigned.</summary>
        public bool IsAssigned
        {
            get { return Kind == OutcomeKind.Assigned; }
        }

        /// <summary>HTTP status of the last answer, 0 when there was none.</summary>
        public int HttpStatus { get; }

        /// <summary>Assigned IoT Hub host name.</summary>
        public string AssignedHub { get; }

        /// <summary>Device id in the assigned hub.</summary>
        public string DeviceId { get; }

        /// <summary>Assignment substatus.</summary>
        public string Substatus { get; }

        /// <summary>Payload DPS returned (JSON text), or null.</summary>
        public string PayloadJson { get; }

        /// <summary>DPS error code, or 0.</summary>
        public int ErrorCode { get; }

        /// <summary>DPS error message, or null.</summary>
        public string ErrorMessage { get; }

        /// <summary>DPS tracking id of the error, for a support request.</summary>
        public string TrackingId { get; }

        /// <summary>What a person should check; null when assigned.</summary>
        public string Hint { get; }

        /// <summary>Requests sent during the flow.</summary>
        public int RequestCount { get; }

        /// <summary>Time from the first step to the end.</summary>
        public long ElapsedMilliseconds { get; }
    }
}
