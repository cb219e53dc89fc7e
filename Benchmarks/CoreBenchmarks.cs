using BenchmarkDotNet.Attributes;
using NanoDps.Provisioning;

namespace NanoDps.Benchmarks;

/// <summary>
/// The device's provisioning core on .NET (time and allocated bytes; the allocations are a proxy
/// for the nanoFramework heap). <see cref="CompleteFlow"/> is one whole flow — SAS token, PUT
/// register, two polls, assigned — driven by the core's own <see cref="ProvisioningRunner"/> over
/// an in-memory transport whose answers are built once in setup (so the adapter's JSON parsing is
/// not counted) and a clock that the delay port advances (nothing sleeps). The other benchmarks
/// take the flow apart to show what its allocations are made of. Results: docs/benchmarks.md.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class CoreBenchmarks
{
    private const string IdScope = "0ne00F1EE75";
    private const string RegistrationId = "nanodps-240ac4000001";
    private const long Expiry = 1_800_003_600;

    private readonly IHmac _hmac = HostHmac.Instance;
    private readonly IHmac _cachedHmac = new CachedHmac();
    private byte[] _groupKey = [];
    private byte[] _deviceKey = [];
    private HttpExchangeResult[] _answers = [];
    private DpsRequest? _register;
    private DpsRequest? _poll;

    [GlobalSetup]
    public void Setup()
    {
        _groupKey = Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray();
        _deviceKey = DeviceKey.Derive(_groupKey, RegistrationId, _hmac);
        _answers =
        [
            HttpExchangeResult.Answered(202, 3, new DpsResponse { OperationId = "5.316aab2a34a5b9c4.b1b5b5e8-7d5c-4f3c-9f1e-4d6f3e1c2b7a", Status = "assigning" }),
            HttpExchangeResult.Answered(202, 3, new DpsResponse { OperationId = "5.316aab2a34a5b9c4.b1b5b5e8-7d5c-4f3c-9f1e-4d6f3e1c2b7a", Status = "assigning" }),
            HttpExchangeResult.Answered(200, HttpExchangeResult.NoRetryAfter, new DpsResponse
            {
                OperationId = "5.316aab2a34a5b9c4.b1b5b5e8-7d5c-4f3c-9f1e-4d6f3e1c2b7a",
                Status = "assigned",
                RegistrationState = new DpsRegistrationState
                {
                    RegistrationId = RegistrationId,
                    AssignedHub = "contoso-hub.azure-devices.net",
                    DeviceId = RegistrationId,
                    Status = "assigned",
                    Substatus = "initialAssignment",
                },
            }),
        ];
        string token = SasToken.Create(SasToken.DpsResource(IdScope, RegistrationId), _deviceKey, Expiry, SasToken.RegistrationKeyName, _hmac);
        _register = DpsRequests.Register(DeviceConfig.DefaultEndpoint, IdScope, RegistrationId, DeviceConfig.DefaultApiVersion, token, null);
        _poll = DpsRequests.PollOperation(DeviceConfig.DefaultEndpoint, IdScope, RegistrationId, "5.316aab2a34a5b9c4.b1b5b5e8-7d5c-4f3c-9f1e-4d6f3e1c2b7a", DeviceConfig.DefaultApiVersion, token);
        ProvisioningOutcome check = CompleteFlow();
        if (!check.IsAssigned || check.RequestCount != 3)
        {
            throw new InvalidOperationException($"the benchmark flow did not end assigned after 3 requests ({check.Kind}, {check.RequestCount})");
        }
    }

    /// <summary>One complete flow: register + 2 polls, with the host's HMAC and a log port that drops lines.</summary>
    [Benchmark(Baseline = true)]
    public ProvisioningOutcome CompleteFlow() => RunFlow(_hmac, NullLog.Instance);

    /// <summary>The same flow with an HMAC that allocates nothing: what the rest of the core allocates.</summary>
    [Benchmark]
    public ProvisioningOutcome CompleteFlowWithoutHmacCost() => RunFlow(_cachedHmac, NullLog.Instance);

    /// <summary>Key derivation: HMAC-SHA256(groupKey, registrationId).</summary>
    [Benchmark]
    public byte[] DeriveDeviceKey() => DeviceKey.Derive(_groupKey, RegistrationId, _hmac);

    /// <summary>SAS token for the DPS registration.</summary>
    [Benchmark]
    public string CreateSasToken() => SasToken.Create(SasToken.DpsResource(IdScope, RegistrationId), _deviceKey, Expiry, SasToken.RegistrationKeyName, _hmac);

    /// <summary>The three request builders of the flow (register + 2 polls), token already minted.</summary>
    [Benchmark]
    public DpsRequest BuildThreeRequests()
    {
        string token = _register!.Authorization;
        DpsRequests.Register(DeviceConfig.DefaultEndpoint, IdScope, RegistrationId, DeviceConfig.DefaultApiVersion, token, null);
        DpsRequests.PollOperation(DeviceConfig.DefaultEndpoint, IdScope, RegistrationId, _answers[0].Body.OperationId, DeviceConfig.DefaultApiVersion, token);
        return DpsRequests.PollOperation(DeviceConfig.DefaultEndpoint, IdScope, RegistrationId, _answers[0].Body.OperationId, DeviceConfig.DefaultApiVersion, token);
    }

    /// <summary>Interpreting the three answers of the flow.</summary>
    [Benchmark]
    public DpsAnswer InterpretThreeAnswers()
    {
        DpsAnswer.Interpret(_answers[0]);
        DpsAnswer.Interpret(_answers[1]);
        return DpsAnswer.Interpret(_answers[2]);
    }

    private ProvisioningOutcome RunFlow(IHmac hmac, ILog log)
    {
        var clock = new ManualClock();
        var settings = new ProvisioningSettings
        {
            Endpoint = DeviceConfig.DefaultEndpoint,
            IdScope = IdScope,
            RegistrationId = RegistrationId,
            ApiVersion = DeviceConfig.DefaultApiVersion,
            DeviceKey = _deviceKey,
            SasTtlSeconds = DeviceConfig.DefaultSasTtlSeconds,
            DeadlineSeconds = DeviceConfig.DefaultDeadlineSeconds,
        };
        var flow = new ProvisioningFlow(settings, hmac, clock, FixedRandom.Instance, log);
        return ProvisioningRunner.Run(flow, new CannedExchange(_answers), clock);
    }

    private sealed class ManualClock : IClock, IDelay
    {
        public long UtcNowMilliseconds { get; private set; } = 1_800_000_000_000;

        public void Sleep(int milliseconds) => UtcNowMilliseconds += milliseconds;
    }

    private sealed class CannedExchange(HttpExchangeResult[] answers) : IHttpExchange
    {
        private int _next;

        public HttpExchangeResult Send(DpsRequest request) => answers[_next++];
    }

    private sealed class FixedRandom : IRandom
    {
        public static readonly FixedRandom Instance = new();

        public int Next(int maxExclusive) => maxExclusive / 2;
    }

    private sealed class NullLog : ILog
    {
        public static readonly NullLog Instance = new();

        public void Write(LogLevel level, string message)
        {
        }
    }

    private sealed class CachedHmac : IHmac
    {
        private readonly byte[] _mac = new byte[32];

        public byte[] ComputeHmacSha256(byte[] key, byte[] data) => _mac;
    }
}
