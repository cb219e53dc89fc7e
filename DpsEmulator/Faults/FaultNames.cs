namespace NanoDps.Emulator;

/// <summary>Names of faults as the request log writes them (<see cref="RequestLogEntry"/>).</summary>
public static class FaultNames
{
    /// <summary>The request-log name of <paramref name="kind"/>; null for <see cref="FaultKind.None"/>.</summary>
    public static string? LogName(this FaultKind kind) => kind switch
    {
        FaultKind.None => null,
        FaultKind.Throttle => "throttle",
        FaultKind.InternalServerError => "server-error-500",
        FaultKind.ServiceUnavailable => "server-error-503",
        FaultKind.ConnectionReset => "connection-reset",
        FaultKind.Slow => "slow",
        FaultKind.Truncated => "truncated",
        FaultKind.Malformed => "malformed",
        _ => kind.ToString(),
    };
}
