using NanoDps.FleetSim.Dps;
using NanoDps.FleetSim.Engine;

namespace NanoDps.FleetSim.Devices;

/// <summary>
/// "identity-service": iot-identity-service's behaviour. It polls every 5 s regardless of
/// Retry-After; on a 429 it backs off 60, 120, 180, then 300 s plus 10, 20, 30, 30 s of jitter and
/// resends the same request; a fifth 429 ends provisioning (the device gives up).
/// </summary>
public sealed class IdentityServiceDevice : ISimDevice
{
    /// <summary>Back-off after the n-th 429.</summary>
    public static readonly int[] BackoffSeconds = [60, 120, 180, 300];

    /// <summary>Jitter added to each back-off (uniform from 0 to this).</summary>
    public static readonly int[] JitterSeconds = [10, 20, 30, 30];

    /// <summary>Its poll period.</summary>
    public const int PollMilliseconds = 5000;

    private readonly SimRandom _random;
    private int _operationId;
    private int _throttled;

    /// <summary>Device number <paramref name="index"/> of a run seeded with <paramref name="seed"/>.</summary>
    public IdentityServiceDevice(int index, long seed)
    {
        _random = new SimRandom(seed, index);
    }

    /// <inheritdoc />
    public int Restarts => 0;

    /// <inheritdoc />
    public DeviceStep Boot() => DeviceStep.Send(SimRequest.Register);

    /// <inheritdoc />
    public DeviceStep Wake() => DeviceStep.Send(_operationId == 0 ? SimRequest.Register : SimRequest.Poll(_operationId));

    /// <inheritdoc />
    public DeviceStep Answer(SimAnswer answer)
    {
        switch (answer.Status)
        {
            case 200:
                return DeviceStep.Provisioned;
            case 202:
                _operationId = answer.OperationId;
                return DeviceStep.Wait(PollMilliseconds);
            case 429:
                if (_throttled == BackoffSeconds.Length)
                {
                    return DeviceStep.GaveUp;
                }

                int wait = (BackoffSeconds[_throttled] * 1000) + _random.Next((JitterSeconds[_throttled] * 1000) + 1);
                _throttled++;
                return DeviceStep.Wait(wait);
            default:
                return DeviceStep.GaveUp;
        }
    }
}
