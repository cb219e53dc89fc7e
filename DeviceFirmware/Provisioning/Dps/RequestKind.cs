namespace NanoDps.Provisioning
{
    /// <summary>The requests the core builds.</summary>
    public enum RequestKind
    {
        /// <summary>PUT {idScope}/registrations/{id}/register.</summary>
        Register = 0,

        /// <summary>GET {idScope}/registrations/{id}/operations/{operationId}.</summary>
        PollOperation = 1,

        /// <summary>POST https://{hub}/devices/{deviceId}/messages/events.</summary>
        HubTelemetry = 2,
    }
}
