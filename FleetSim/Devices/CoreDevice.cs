using System.Globalization;
using NanoDps.FleetSim.Dps;
using NanoDps.FleetSim.Engine;
using NanoDps.Provisioning;

namespace NanoDps.FleetSim.Devices;

/// <summary>
/// "ours": a device running the real <see cref="ProvisioningFlow"/> from
/// DeviceFirmware/Provisioning. The simulation plays the driver loop of the firmware: it turns
/// the flow's Send/Wait/Done into events and hands DPS's answers back as
/// <see cref="HttpExchangeResult"/>, exactly as the board's HTTP adapter does.
/// <para>
/// When the flow ends without a hub (in a fleet run: its deadline, DeviceConfig.DeadlineSeconds,
/// 3,600 s by default) the firmware deep-sleeps as the core's <see cref="RetrySchedule"/> says
/// (150-300 s after the first failed boot, doubling) and boots into a new flow, as
/// DeviceFirmware/Firmware/Program.cs does through the core's BootRunner.
/// </para>
/// </summary>
public sealed class CoreDevice : ISimDevice
{
    private const string Hub = "fleet-hub.azure-devices.net";
    private readonly ProvisioningSettings _settings;
    private readonly IClock _clock;
    private readonly SimRandom _random;
    private readonly CoreDeviceOptions _options;
    private ProvisioningFlow _flow;
    private bool _rebooting;
    private int _failedBoots;

    /// <summary>Device number <paramref name="index"/> of the fleet.</summary>
    public CoreDevice(int index, CoreDeviceOptions options, IClock clock, long seed)
    {
        _options = options;
        _clock = clock;
        _random = new SimRandom(seed, index);
        _settings = Settings(index, options, DeviceConfig.DefaultEndpoint, "0ne00F1EE75");
        _flow = NewFlow();
    }

    /// <summary>
    /// The flow settings of device <paramref name="index"/>: the firmware's defaults, a MAC-style
    /// registration id, and its key derived from the group key with the real HMAC.
    /// </summary>
    public static ProvisioningSettings Settings(int index, CoreDeviceOptions options, string endpoint, string idScope)
    {
        string registrationId = "nanodps-" + (0x240AC4000000L + index).ToString("x12", CultureInfo.InvariantCulture);
        return new ProvisioningSettings
        {
            Endpoint = endpoint,
            IdScope = idScope,
            RegistrationId = registrationId,
            ApiVersion = DeviceConfig.DefaultApiVersion,
            DeviceKey = DeviceKey.Derive(options.GroupKey, registrationId, options.Hmac),
            SasTtlSeconds = DeviceConfig.DefaultSasTtlSeconds,
            DeadlineSeconds = options.DeadlineSeconds,
            Backoff = options.Backoff,
        };
    }

    /// <inheritdoc />
    public int Restarts { get; private set; }

    /// <inheritdoc />
    public DeviceStep Boot() => Translate(_flow.Step(null));

    /// <inheritdoc />
    public DeviceStep Wake()
    {
        if (_rebooting)
        {
            _rebooting = false;
            Restarts++;
            _flow = NewFlow();
        }

        return Translate(_flow.Step(null));
    }

    /// <inheritdoc />
    public DeviceStep Answer(SimAnswer answer) => Translate(_flow.Step(ToExchangeResult(answer)));

    /// <summary>The answer as the board's HTTP adapter would hand it to the core.</summary>
    public static HttpExchangeResult ToExchangeResult(SimAnswer answer)
    {
        string operationId = answer.OperationId.ToString(CultureInfo.InvariantCulture);
        DpsResponse body = answer.Status switch
        {
            202 => new DpsResponse { OperationId = operationId, Status = "assigning" },
            200 => new DpsResponse
            {
                OperationId = operationId,
                Status = "assigned",
                RegistrationState = new DpsRegistrationState { AssignedHub = Hub, DeviceId = "device", Status = "assigned", Substatus = "initialAssignment" },
            },
            429 => new DpsResponse { ErrorCode = 429001, Message = "Too many requests" },
            _ => new DpsResponse { ErrorCode = (answer.Status * 1000) + 1, Message = "simulated error" },
        };
        return HttpExchangeResult.Answered(answer.Status, answer.RetryAfterSeconds < 0 ? HttpExchangeResult.NoRetryAfter : answer.RetryAfterSeconds, body);
    }

    private ProvisioningFlow NewFlow() => new(_settings, _options.Hmac, _clock, _random, NullLog.Instance);

    private DeviceStep Translate(ProvisioningAction action)
    {
        switch (action.Kind)
        {
            case ActionKind.Send:
                return DeviceStep.Send(action.Request.Kind == RequestKind.Register
                    ? SimRequest.Register
                    : SimRequest.Poll(int.Parse(_flow.OperationId, CultureInfo.InvariantCulture)));
            case ActionKind.Wait:
                return DeviceStep.Wait(action.WaitMilliseconds);
            default:
                return Finished(action.Outcome);
        }
    }

    private DeviceStep Finished(ProvisioningOutcome outcome)
    {
        if (outcome.IsAssigned)
        {
            return DeviceStep.Provisioned;
        }

        if (_options.RebootAfterFailedBoot)
        {
            _rebooting = true;
            _failedBoots++;
            return DeviceStep.Wait(RetrySchedule.DelaySeconds(_failedBoots, _random) * 1000);
        }

        return DeviceStep.GaveUp;
    }
}

/// <summary>What every "ours" device of a run shares.</summary>
public sealed record CoreDeviceOptions
{
    /// <summary>The back-off policy; the core's defaults unless a run overrides them.</summary>
    public Backoff Backoff { get; init; } = new();

    /// <summary>The flow's deadline; the firmware's default unless a run overrides it.</summary>
    public int DeadlineSeconds { get; init; } = DeviceConfig.DefaultDeadlineSeconds;

    /// <summary>Whether a flow that ends without a hub is followed, after the firmware's deep sleep, by a new one (as on the board).</summary>
    public bool RebootAfterFailedBoot { get; init; } = true;

    /// <summary>The enrollment group's key that every device derives its own from.</summary>
    public byte[] GroupKey { get; init; } = Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray();

    /// <summary>HMAC used for key derivation and SAS tokens.</summary>
    public IHmac Hmac { get; init; } = DotNetHmac.Instance;
}
