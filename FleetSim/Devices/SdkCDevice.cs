using NanoDps.FleetSim.Dps;

namespace NanoDps.FleetSim.Devices;

/// <summary>
/// "sdk-c": azure-iot-sdk-c's HTTP provisioning behaviour. Every wait is the answer's
/// Retry-After, or 1 s when it is absent or above 300 s; on 429 it resends the same request after
/// that wait, forever, with no back-off and no jitter; it polls at Retry-After.
/// </summary>
public sealed class SdkCDevice : ISimDevice
{
    private int _operationId;

    /// <inheritdoc />
    public int Restarts => 0;

    /// <summary>Its wait for an answer's Retry-After.</summary>
    public static int WaitMilliseconds(int retryAfterSeconds) =>
        retryAfterSeconds <= 0 || retryAfterSeconds > 300 ? 1000 : retryAfterSeconds * 1000;

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
                return DeviceStep.Wait(WaitMilliseconds(answer.RetryAfterSeconds));
            case 429:
                return DeviceStep.Wait(WaitMilliseconds(answer.RetryAfterSeconds));
            default:
                _operationId = 0;
                return DeviceStep.Wait(WaitMilliseconds(answer.RetryAfterSeconds));
        }
    }
}
