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
        /// <summary>Lifetime of each message's hub SAS token.</summary>
        public const int TokenTtlSeconds = 3600;

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
            string token = _device.CreateSasToken((_clock.UtcNowMilliseconds / 1000) + TokenTtlSeconds);
            string message = Message(Sent, uptimeSeconds, freeHeapBytes, _firmwareVersion, _device.BootCount);
            HttpExchangeResult answer = _http.Send(HubRequests.DeviceToCloud(_device.AssignedHub, _device.DeviceId, token, message));
            HubVerdict verdict = HubRequests.Verdict(answer);
            string what = "telemetry " + Sent.ToString() + " to " + _device.AssignedHub;
            if (verdict == HubVerdict.Accepted)
            {
                _log.Write(LogLevel.Info, what + ": accepted (" + answer.StatusCode.ToString() + "); uptime " + uptimeSeconds.ToString() + " s"
                    + (freeHeapBytes < 0 ? string.Empty : ", heap " + freeHeapBytes.ToString() + " B free"));
            }
            else if (verdict == HubVerdict.Rejected)
            {
                _log.Write(LogLevel.Warning, what + ": the hub refused the device (" + HubRequests.Describe(answer) + "): registering again");
            }
            else
            {
                _log.Write(LogLevel.Warning, what + " failed (" + HubRequests.Describe(answer) + "): the next one goes out as scheduled");
            }

            return verdict;
        }
    }
}
