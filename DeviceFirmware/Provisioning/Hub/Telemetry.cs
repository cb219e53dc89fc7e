namespace NanoDps.Provisioning
{
    /// <summary>
    /// The default application's message: uptime, free heap, firmware version and boot count, sent
    /// to the assigned hub over HTTPS, and the decision on the hub's answer. The board's
    /// Application.cs and the virtual device only loop, wait and call <see cref="Send"/>; on
    /// <see cref="HubVerdict.Rejected"/> they ask the boot to register again.
    /// </summary>
    public sealed class Telemetry
    {
        private readonly ProvisionedDevice _device;
        private readonly string _firmwareVersion;
        private readonly IHttpExchange _http;
        private readonly IClock _clock;
        private readonly ILog _log;

        /// <summary>Telemetry of <paramref name="device"/>, running <paramref name="firmwareVersion"/>.</summary>
        public Telemetry(ProvisionedDevice device, string firmwareVersion, IHttpExchange http, IClock clock, ILog log)
        {
            _device = device;
            _firmwareVersion = firmwareVersion;
            _http = http;
            _clock = clock;
            _log = log;
        }

        /// <summary>The free heap of a device that cannot tell it (a PC): the message and the log leave it out.</summary>
        public const long HeapUnknown = -1;

        /// <summary>Messages sent so far (whatever the hub answered).</summary>
        public int Sent { get; private set; }

        /// <summary>The message's JSON.</summary>
        public static string Message(int sequence, long uptimeSeconds, long freeHeapBytes, string firmwareVersion, long bootCount)
        {
            return "{\"event\":\"nanodps-telemetry\",\"sequence\":" + sequence.ToString()
                + ",\"uptimeSeconds\":" + uptimeSeconds.ToString()
                + (freeHeapBytes < 0 ? string.Empty : ",\"heapFreeBytes\":" + freeHeapBytes.ToString())
                + ",\"firmware\":" + JsonText.Quote(firmwareVersion)
                + ",\"bootCount\":" + bootCount.ToString() + "}";
        }

        /// <summary>Sends one message and says what the hub made of it (logged).</summary>
        public HubVerdict Send(long uptimeSeconds, long freeHeapBytes)
        {
            Sent++;
            string message = Message(Sent, uptimeSeconds, freeHeapBytes, _firmwareVersion, _device.BootCount);
            HttpExchangeResult answer = _http.Send(HubRequests.DeviceToCloud(_device, _clock.UtcNowMilliseconds / 1000, message));
            return HubRequests.Judge(answer, "telemetry " + Sent.ToString(), _log);
        }
    }
}
