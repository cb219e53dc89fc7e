namespace NanoDps.Provisioning
{
    /// <summary>
    /// Any DPS answer body, as plain settable properties so that nanoFramework.Json and
    /// System.Text.Json can fill it (case-insensitively). An operation answer fills
    /// <see cref="OperationId"/>, <see cref="Status"/> and <see cref="RegistrationState"/>;
    /// an error answer fills <see cref="ErrorCode"/>, <see cref="TrackingId"/> and <see cref="Message"/>.
    /// </summary>
    public class DpsResponse
    {
        /// <summary>"operationId": the id to poll.</summary>
        public string OperationId { get; set; }

        /// <summary>"status": unassigned, assigning, assigned, failed or disabled.</summary>
        public string Status { get; set; }

        /// <summary>"registrationState", present once the operation ended.</summary>
        public DpsRegistrationState RegistrationState { get; set; }

        /// <summary>"errorCode" of an error body: 6 digits, the first 3 being the HTTP status.</summary>
        public int ErrorCode { get; set; }

        /// <summary>"trackingId" of an error body, for Azure support.</summary>
        public string TrackingId { get; set; }

        /// <summary>"message" of an error body.</summary>
        public string Message { get; set; }
    }
}
