namespace NanoDps.FleetSim.Dps;

/// <summary>What a simulated device asks DPS: register, or poll an operation.</summary>
public enum SimRequestKind
{
    /// <summary>PUT .../register.</summary>
    Register,

    /// <summary>GET .../operations/{operationId}.</summary>
    Poll,
}

/// <summary>One request on the simulated wire; <paramref name="OperationId"/> is only used by polls.</summary>
public readonly record struct SimRequest(SimRequestKind Kind, int OperationId)
{
    /// <summary>A registration request.</summary>
    public static SimRequest Register => new(SimRequestKind.Register, 0);

    /// <summary>A poll of <paramref name="operationId"/>.</summary>
    public static SimRequest Poll(int operationId) => new(SimRequestKind.Poll, operationId);
}

/// <summary>
/// DPS's answer: 202 assigning (with the operation id), 200 assigned, 429 throttled or 404 for an
/// unknown operation, and the Retry-After header in seconds (negative when absent).
/// </summary>
public readonly record struct SimAnswer(int Status, int RetryAfterSeconds, int OperationId)
{
    /// <summary>True for 429.</summary>
    public bool IsThrottled => Status == 429;
}
