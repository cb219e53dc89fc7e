using NanoDps.FleetSim.Dps;

namespace NanoDps.FleetSim.Devices;

/// <summary>
/// "naive-fixed": the retry loop many hand-written clients have. It waits a fixed interval
/// before every retry and every poll, ignores Retry-After, has no jitter and never gives up.
/// </summary>
public sealed class NaiveFixedDevice : ISimDevice
{
    private readonly int _intervalMilliseconds;
    private int _operationId;

    /// <summary>A device that waits <paramref name="intervalMilliseconds"/> each time.</summary>
    public NaiveFixedDevice(int intervalMilliseconds)
    {
        _intervalMilliseconds = intervalMilliseconds;
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
                return DeviceStep.Wait(_intervalMilliseconds);
            case 429:
                return DeviceStep.Wait(_intervalMilliseconds);
            default:
                _operationId = 0;
                return DeviceStep.Wait(_intervalMilliseconds);
        }
    }
}
