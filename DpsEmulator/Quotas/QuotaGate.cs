namespace NanoDps.Emulator;

/// <summary>The instance quotas: registrations/min, operations/min, polls per device per window.</summary>
internal sealed class QuotaGate
{
    private readonly TokenBucket _registrations;
    private readonly TokenBucket _operations;
    private readonly SlidingWindowLimiter _polls;

    public QuotaGate(QuotaOptions quotas, TimeProvider time)
    {
        _registrations = new TokenBucket(quotas.RegistrationsPerMinute, quotas.RegistrationBurst, time);
        _operations = new TokenBucket(quotas.OperationsPerMinute, quotas.OperationBurst, time);
        _polls = new SlidingWindowLimiter(quotas.PollsPerDevice, quotas.PollWindow, time);
    }

    /// <summary>Tokens left in the registration bucket, and its size.</summary>
    public (double Available, double Capacity) RegistrationTokens => (_registrations.Available, _registrations.Capacity);

    /// <summary>Tokens left in the operation bucket, and its size.</summary>
    public (double Available, double Capacity) OperationTokens => (_operations.Available, _operations.Capacity);

    /// <summary>Null when allowed, else the errorCode and message of the 429.</summary>
    public (int Code, string Message)? Check(RequestKind kind, string registrationId)
    {
        switch (kind)
        {
            case RequestKind.Register:
                return _registrations.TryTake() ? null : (DpsErrorCodes.RegistrationsThrottled, "Registrations per minute exceeded; retry after the Retry-After interval.");
            case RequestKind.Poll or RequestKind.Status:
                if (!_polls.TryAcquire(registrationId))
                {
                    return (DpsErrorCodes.DevicePollingThrottled, "Too many operation polls for this device; poll at most 5 times per 10 seconds.");
                }

                return _operations.TryTake() ? null : (DpsErrorCodes.OperationsThrottled, "Operations per minute exceeded; retry after the Retry-After interval.");
            case RequestKind.Service:
                // DPS bills every service API call as an operation.
                return _operations.TryTake() ? null : (DpsErrorCodes.OperationsThrottled, "Operations per minute exceeded; retry after the Retry-After interval.");
            default:
                return null;
        }
    }
}
