namespace NanoDps.Emulator;

/// <summary>A fault the emulator can inject into one request.</summary>
public enum FaultKind
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>429 with Retry-After and an error body; the request is not processed.</summary>
    Throttle,

    /// <summary>500 with an error body; the request is not processed.</summary>
    InternalServerError,

    /// <summary>503 with an error body; the request is not processed.</summary>
    ServiceUnavailable,

    /// <summary>The connection is aborted (TCP reset) before anything is processed or sent.</summary>
    ConnectionReset,

    /// <summary>The answer is delayed (real time), then the request is processed normally.</summary>
    Slow,

    /// <summary>
    /// The request is processed, the headers declare the full Content-Length, half the body is sent
    /// and the connection is aborted.
    /// </summary>
    Truncated,

    /// <summary>The request is processed and answered with its real status but a body that is not valid JSON.</summary>
    Malformed,
}
