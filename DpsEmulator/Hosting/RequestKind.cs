namespace NanoDps.Emulator;

/// <summary>What a request was, in the request log.</summary>
public enum RequestKind
{
    /// <summary>Anything unrouted.</summary>
    Other,

    /// <summary><c>PUT /{idScope}/registrations/{registrationId}/register</c>.</summary>
    Register,

    /// <summary><c>GET /{idScope}/registrations/{registrationId}/operations/{operationId}</c>.</summary>
    Poll,

    /// <summary><c>POST /{idScope}/registrations/{registrationId}</c> (status lookup).</summary>
    Status,

    /// <summary><c>POST /devices/{deviceId}/messages/events</c> (IoT hub device-to-cloud).</summary>
    Hub,

    /// <summary>The DPS service API: <c>/enrollments/..</c>, <c>/enrollmentGroups/..</c>, <c>/registrations/..</c>.</summary>
    Service,

    /// <summary>The emulator's own POST to a custom allocation webhook (not a request it received).</summary>
    Webhook,
}
