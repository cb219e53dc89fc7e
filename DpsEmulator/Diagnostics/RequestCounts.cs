namespace NanoDps.Emulator;

/// <summary>
/// How many requests of each kind a stretch of the request log holds: registers and operations
/// (polls, status lookups and service API calls, which spend the same quota), how many of them were
/// accepted (2xx) and how many the quotas refused (429 not injected), injected faults, and hub messages.
/// </summary>
internal readonly record struct RequestCounts(
    int Registers,
    int RegistersAccepted,
    int RegistersThrottled,
    int Operations,
    int OperationsAccepted,
    int OperationsThrottled,
    int InjectedFaults,
    int HubMessages)
{
    public static RequestCounts operator +(RequestCounts a, RequestCounts b) => new(
        a.Registers + b.Registers,
        a.RegistersAccepted + b.RegistersAccepted,
        a.RegistersThrottled + b.RegistersThrottled,
        a.Operations + b.Operations,
        a.OperationsAccepted + b.OperationsAccepted,
        a.OperationsThrottled + b.OperationsThrottled,
        a.InjectedFaults + b.InjectedFaults,
        a.HubMessages + b.HubMessages);

    /// <summary>The counts of one entry.</summary>
    public static RequestCounts Of(RequestLogEntry entry)
    {
        var accepted = entry.Status is >= 200 and < 300 ? 1 : 0;
        var throttled = entry.Status == 429 && entry.Fault is null ? 1 : 0;
        var fault = entry.Fault is null ? 0 : 1;
        return entry.Kind switch
        {
            RequestKind.Register => new(1, accepted, throttled, 0, 0, 0, fault, 0),
            RequestKind.Poll or RequestKind.Status or RequestKind.Service => new(0, 0, 0, 1, accepted, throttled, fault, 0),
            RequestKind.Hub => new(0, 0, 0, 0, 0, 0, fault, 1),
            _ => new(0, 0, 0, 0, 0, 0, fault, 0),
        };
    }
}
