namespace NanoDps.Provisioning
{
    /// <summary>The "registrationState" object of a DPS operation answer.</summary>
    public class DpsRegistrationState
    {
        /// <summary>"registrationId".</summary>
        public string RegistrationId { get; set; }

        /// <summary>"assignedHub": the IoT Hub host name.</summary>
        public string AssignedHub { get; set; }

        /// <summary>"deviceId" in the assigned hub.</summary>
        public string DeviceId { get; set; }

        /// <summary>"status": assigned, failed or disabled.</summary>
        public string Status { get; set; }

        /// <summary>"substatus": initialAssignment, deviceDataMigrated, deviceDataReset, reprovisionedToInitialAssignment.</summary>
        public string Substatus { get; set; }

        /// <summary>"errorCode" when the status is failed.</summary>
        public int ErrorCode { get; set; }

        /// <summary>"errorMessage" when the status is failed.</summary>
        public string ErrorMessage { get; set; }

        /// <summary>"createdDateTimeUtc", kept as text.</summary>
        public string CreatedDateTimeUtc { get; set; }

        /// <summary>"lastUpdatedDateTimeUtc", kept as text.</summary>
        public string LastUpdatedDateTimeUtc { get; set; }

        /// <summary>"etag".</summary>
        public string Etag { get; set; }

        /// <summary>
        /// "payload" returned by custom allocation, as the JSON text of the object
        /// (the adapter re-serialises it); null when absent.
        /// </summary>
        public string PayloadJson { get; set; }
    }
}
