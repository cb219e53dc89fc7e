namespace NanoDps.FleetSim.Dps;

/// <summary>
/// A DPS instance as the fleet sees it. Registrations and polls draw on separate token buckets;
/// each device may poll at most <see cref="DpsModelOptions.PollsPerDevice"/> times in any
/// <see cref="DpsModelOptions.PollWindowMilliseconds"/> (only accepted polls count, like the
/// emulator's limiter); anything over a limit is answered 429 with Retry-After and spends nothing.
/// An accepted PUT starts a new operation that is assigned
/// <see cref="DpsModelOptions.AssignmentLatencyMilliseconds"/> later; until then a poll answers
/// 202 assigning, afterwards 200 assigned. Authentication is not modelled: every device is valid.
/// </summary>
public sealed class DpsModel
{
    private readonly DpsModelOptions _options;
    private readonly VirtualTokenBucket _registrations;
    private readonly VirtualTokenBucket _operations;
    private readonly int[] _operationOf;
    private readonly long[] _assignedAt;
    private readonly long[] _pollTimes;
    private readonly int[] _pollCount;
    private readonly int[] _pollNext;
    private int _lastOperationId;

    /// <summary>A fresh instance (full buckets, no registrations) for devices 0..deviceCount-1.</summary>
    public DpsModel(DpsModelOptions options, int deviceCount)
    {
        options.Validate();
        _options = options;
        _registrations = new VirtualTokenBucket(options.RegistrationsPerMinute, options.RegistrationBurst);
        _operations = new VirtualTokenBucket(options.OperationsPerMinute, options.OperationBurst);
        _operationOf = new int[deviceCount];
        _assignedAt = new long[deviceCount];
        _pollTimes = new long[deviceCount * options.PollsPerDevice];
        _pollCount = new int[deviceCount];
        _pollNext = new int[deviceCount];
    }

    /// <summary>The model's parameters.</summary>
    public DpsModelOptions Options => _options;

    /// <summary>Requests answered so far.</summary>
    public long Requests { get; private set; }

    /// <summary>Requests answered 429 so far.</summary>
    public long Throttled { get; private set; }

    /// <summary>Polls answered 429 because the device itself polled too often (a subset of <see cref="Throttled"/>).</summary>
    public long ThrottledByPollLimit { get; private set; }

    /// <summary>Registrations accepted (operations started).</summary>
    public long RegistrationsAccepted { get; private set; }

    /// <summary>Polls accepted.</summary>
    public long PollsAccepted { get; private set; }

    /// <summary>Answers <paramref name="request"/> of <paramref name="device"/> arriving at <paramref name="nowMs"/>.</summary>
    public SimAnswer Handle(int device, SimRequest request, long nowMs)
    {
        Requests++;
        return request.Kind == SimRequestKind.Register ? Register(device, nowMs) : Poll(device, request.OperationId, nowMs);
    }

    private SimAnswer Register(int device, long nowMs)
    {
        if (!_registrations.TryTake(nowMs))
        {
            return Throttle();
        }

        RegistrationsAccepted++;
        int operationId = ++_lastOperationId;
        _operationOf[device] = operationId;
        _assignedAt[device] = nowMs + _options.AssignmentLatencyMilliseconds;
        return new SimAnswer(202, _options.AssigningRetryAfterSeconds, operationId);
    }

    private SimAnswer Poll(int device, int operationId, long nowMs)
    {
        if (!PollWindowHasRoom(device, nowMs))
        {
            ThrottledByPollLimit++;
            return Throttle();
        }

        if (!_operations.TryTake(nowMs))
        {
            return Throttle();
        }

        RecordPoll(device, nowMs);
        PollsAccepted++;
        if (operationId == 0 || operationId != _operationOf[device])
        {
            return new SimAnswer(404, -1, operationId);
        }

        return nowMs >= _assignedAt[device]
            ? new SimAnswer(200, -1, operationId)
            : new SimAnswer(202, _options.AssigningRetryAfterSeconds, operationId);
    }

    private SimAnswer Throttle()
    {
        Throttled++;
        return new SimAnswer(429, _options.ThrottleRetryAfterSeconds, 0);
    }

    // The last PollsPerDevice accepted polls of each device, as a ring; the oldest is at _pollNext.
    private bool PollWindowHasRoom(int device, long nowMs)
    {
        if (_pollCount[device] < _options.PollsPerDevice)
        {
            return true;
        }

        long oldest = _pollTimes[(device * _options.PollsPerDevice) + _pollNext[device]];
        return nowMs - oldest >= _options.PollWindowMilliseconds;
    }

    private void RecordPoll(int device, long nowMs)
    {
        int slot = _pollNext[device];
        _pollTimes[(device * _options.PollsPerDevice) + slot] = nowMs;
        _pollNext[device] = (slot + 1) % _options.PollsPerDevice;
        if (_pollCount[device] < _options.PollsPerDevice)
        {
            _pollCount[device]++;
        }
    }
}
