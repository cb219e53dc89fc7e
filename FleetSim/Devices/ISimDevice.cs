using NanoDps.FleetSim.Dps;

namespace NanoDps.FleetSim.Devices;

/// <summary>What a simulated device does next.</summary>
public enum DeviceStepKind
{
    /// <summary>Send <see cref="DeviceStep.Request"/>; the answer comes back one round trip later.</summary>
    Send,

    /// <summary>Sleep <see cref="DeviceStep.WaitMilliseconds"/>, then be woken.</summary>
    Wait,

    /// <summary>Provisioned: the device has its hub and stops.</summary>
    Provisioned,

    /// <summary>The device stopped without a hub (gave up).</summary>
    GaveUp,
}

/// <summary>One decision of a simulated device.</summary>
public readonly record struct DeviceStep(DeviceStepKind Kind, SimRequest Request, int WaitMilliseconds)
{
    /// <summary>Send a request.</summary>
    public static DeviceStep Send(SimRequest request) => new(DeviceStepKind.Send, request, 0);

    /// <summary>Wait, then wake.</summary>
    public static DeviceStep Wait(int milliseconds) => new(DeviceStepKind.Wait, default, milliseconds);

    /// <summary>Done with a hub.</summary>
    public static DeviceStep Provisioned => new(DeviceStepKind.Provisioned, default, 0);

    /// <summary>Done without a hub.</summary>
    public static DeviceStep GaveUp => new(DeviceStepKind.GaveUp, default, 0);
}

/// <summary>
/// A device in the fleet: a state machine the simulation drives with three events. The device
/// never sees the clock except through the simulation (the core reads it through its IClock).
/// </summary>
public interface ISimDevice
{
    /// <summary>Power on.</summary>
    DeviceStep Boot();

    /// <summary>The wait it asked for is over.</summary>
    DeviceStep Wake();

    /// <summary>The answer to its request arrived.</summary>
    DeviceStep Answer(SimAnswer answer);

    /// <summary>Times a device's firmware restarted its provisioning flow (e.g. after the flow's deadline).</summary>
    int Restarts { get; }
}
