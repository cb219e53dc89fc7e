using System;

namespace NanoDps.Provisioning
{
    /// <summary>
    /// One boot of the board, from power-on to "provisioned" or "sleep N s because ...", as a step
    /// function. It reads flash, parses, signs and logs through its ports itself (all quick); every
    /// blocking step (joining the network, waiting for the clock, an HTTPS exchange, a wait) comes
    /// back as a <see cref="BootAction"/> that <see cref="BootRunner"/> performs, handing the result
    /// to the matching method. The same sequence runs on the ESP32 and in the virtual device.
    /// <para>
    /// The story, in the order of the methods below: count the boot; read and check device.json;
    /// registration id and device key; take the group key out of device.json; the stored assignment
    /// and the boot decision; store the Wi-Fi credentials only when they changed, join the network;
    /// make sure the clock is real; check the TLS roots; provision with DPS when the decision says
    /// so and store the assignment; prove it with one message to the hub; when the hub refuses,
    /// register again once; hand the device to the application. A failure at any step counts a
    /// failed boot and sleeps as <see cref="RetrySchedule"/> says, after staying awake a minute
    /// after a power-on or RESET (when a new device.json arrives then, it restarts at once).
    /// </para>
    /// </summary>
    public sealed class BootSequence
    {
        private const string RewriteComment = "Rewritten by nanoDps on this board's first boot: the enrollment group key was replaced by this board's own derived deviceKey and its registrationId. Deploy a new device.json to change anything.";

        private readonly BootPorts _ports;
        private readonly BootSettings _settings;
        private readonly ILog _log;
        private readonly DeviceConfigFile _configFile;
        private readonly RecordStore _records;

        private Stage _stage;
        private BootCounter _counter;
        private DeviceConfig _config;
        private string _registrationId;
        private byte[] _deviceKey;
        private string _fingerprint;
        private ProvisioningRecord _record;
        private BootDecision _decision;
        private ProvisioningFlow _flow;
        private bool _registeredAgain;
        private int _dpsRequests;
        private ProvisioningOutcome _provisioning;
        private ConfigError[] _configErrors = new ConfigError[0];
        private BootFailure _failure;
        private string _reason;
        private int _sleepSeconds;
        private int _awakeLeftMs;
        private int _lastWaitMs;
        private string _newConfigSeen;

        /// <summary>A boot over <paramref name="ports"/>; nothing happens until <see cref="Start"/>.</summary>
        public BootSequence(BootPorts ports, BootSettings settings)
        {
            _ports = ports;
            _settings = settings;
            _log = ports.Log;
            _configFile = new DeviceConfigFile(ports.Flash, ports.ConfigParser);
            _records = new RecordStore(ports.Flash);
            _stage = Stage.NotStarted;
        }

        private enum Stage
        {
            NotStarted,
            JoiningNetwork,
            SettingClock,
            Provisioning,
            Proving,
            Handed,
            StayingAwake,
            Ended,
        }

        /// <summary>Power-on: everything up to the network join.</summary>
        public BootAction Start()
        {
            try
            {
                Expect(Stage.NotStarted);
                return PowerOn();
            }
            catch (Exception ex)
            {
                return Abort(Describe(ex));
            }
        }

        /// <summary>The network join of a <see cref="BootActionKind.JoinNetwork"/> ended with <paramref name="result"/>.</summary>
        public BootAction NetworkJoined(NetworkJoinResult result)
        {
            try
            {
                Expect(Stage.JoiningNetwork);
                return AfterNetworkJoin(result);
            }
            catch (Exception ex)
            {
                return Abort(Describe(ex));
            }
        }

        /// <summary>The wait of a <see cref="BootActionKind.SyncClock"/> ended with <paramref name="result"/>.</summary>
        public BootAction ClockSynced(ClockSyncResult result)
        {
            try
            {
                Expect(Stage.SettingClock);
                return AfterClockSync(result);
            }
            catch (Exception ex)
            {
                return Abort(Describe(ex));
            }
        }

        /// <summary>The request of a <see cref="BootActionKind.Send"/> was answered with <paramref name="answer"/>.</summary>
        public BootAction Answered(HttpExchangeResult answer)
        {
            try
            {
                if (_stage == Stage.Proving)
                {
                    return AfterProof(answer);
                }

                Expect(Stage.Provisioning);
                return FollowFlow(_flow.Step(answer));
            }
            catch (Exception ex)
            {
                return Abort(Describe(ex));
            }
        }

        /// <summary>The wait of a <see cref="BootActionKind.Wait"/> is over.</summary>
        public BootAction Waited()
        {
            try
            {
                if (_stage == Stage.StayingAwake)
                {
                    return StillAwake();
                }

                Expect(Stage.Provisioning);
                return FollowFlow(_flow.Step(null));
            }
            catch (Exception ex)
            {
                return Abort(Describe(ex));
            }
        }

        /// <summary>
        /// The application's hub refused the device (401/404): one new registration, as after a
        /// refused proof; if this boot already registered again, the boot fails instead.
        /// </summary>
        public BootAction HubRefused()
        {
            try
            {
                Expect(Stage.Handed);
                return RegisterAgainOnce();
            }
            catch (Exception ex)
            {
                return Abort(Describe(ex));
            }
        }

        /// <summary>
        /// Ends the boot as failed because of something no port promised: an adapter that threw, a
        /// step that hung. Already failing, it goes straight to sleep.
        /// </summary>
        public BootAction Abort(string reason)
        {
            if (_stage == Stage.StayingAwake || _stage == Stage.Ended)
            {
                return SleepNow();
            }

            return Fail(BootFailure.Unexpected, reason);
        }

        private BootAction PowerOn()
        {
            _counter = new BootCounter(_ports.Flash);
            Try(LoadTheCounter, "could not read the boot counter in flash");
            int failedBefore = _counter.FailedInARow;
            Try(CountThisBoot, "could not count this boot in flash");
            _log.Write(LogLevel.Info, "nanoDps firmware " + _settings.FirmwareVersion + ", boot " + _counter.Boots.ToString() + ": "
                + (_ports.Power.WokeFromRetrySleep ? "woke from a retry sleep" : "power-on or reset")
                + (failedBefore == 0 ? string.Empty : " after " + failedBefore.ToString() + " failed boot(s) in a row"));

            ConfigParseResult loaded = _configFile.Load(_settings.UsesWifi);
            if (loaded == null)
            {
                return Fail(BootFailure.ConfigMissing, DeviceConfigFile.FileName + " not found in flash: deploy it with nanoff --filedeployment config/deploy.json --serialport <port> (docs/firmware.md)");
            }

            if (!ReadConfiguration(loaded))
            {
                return Fail(BootFailure.ConfigInvalid, DeviceConfigFile.FileName + " has " + _configErrors.Length.ToString() + " problem(s), each logged above with its field: fix them and deploy it again");
            }

            if (!DecideIdentity())
            {
                return Fail(BootFailure.NoStationMac, "the Wi-Fi station MAC is not available, so no registration id can be made from it: set registrationId in device.json");
            }

            TakeOutTheGroupKey();
            DecideFromTheStoredAssignment();
            return JoinNetwork();
        }

        private bool ReadConfiguration(ConfigParseResult loaded)
        {
            DeviceConfig config = loaded.Config;
            if (config != null)
            {
                foreach (ConfigField field in ConfigFields.All)
                {
                    if (field.IsSecret)
                    {
                        Redact((string)field.Get(config));
                    }
                }
            }

            foreach (string note in loaded.Notes)
            {
                _log.Write(LogLevel.Info, DeviceConfigFile.FileName + ": " + note);
            }

            _configErrors = loaded.Errors;
            foreach (ConfigError error in loaded.Errors)
            {
                _log.Write(LogLevel.Error, DeviceConfigFile.FileName + ": " + (error.Field == DeviceConfigFile.FileName ? error.Problem : error.ToString()));
            }

            if (!loaded.IsValid)
            {
                return false;
            }

            _config = config;
            _log.Write(LogLevel.Info, "config: id scope " + config.IdScope + ", endpoint " + config.Endpoint + ", api-version " + config.ApiVersion
                + (DeviceConfig.IsEmpty(config.GroupKey) ? ", device key (individual enrollment, or this board's derived key)" : ", enrollment group key"));
            return true;
        }

        private bool DecideIdentity()
        {
            if (DeviceConfig.IsEmpty(_config.RegistrationId))
            {
                byte[] mac = _ports.Network.StationMac();
                if (mac == null || mac.Length != 6 || IsZero(mac))
                {
                    return false;
                }

                _registrationId = RegistrationId.ForDevice(_config, mac);
                _log.Write(LogLevel.Info, "registration id: " + _registrationId + " (\"" + _config.RegistrationIdPrefix + "-\" + the Wi-Fi MAC " + MacText(mac) + ")");
            }
            else
            {
                _registrationId = _config.RegistrationId;
                _log.Write(LogLevel.Info, "registration id: " + _registrationId + " (registrationId from the config)");
            }

            _deviceKey = DeviceKey.Resolve(_config, _registrationId, _ports.Hmac);
            Redact(DeviceKey.ToBase64(_deviceKey));
            _log.Write(LogLevel.Info, DeviceConfig.IsEmpty(_config.GroupKey)
                ? "device key: deviceKey from the config"
                : "device key: derived from the group key, HMAC-SHA256(groupKey, registration id); the group key itself is never sent");
            return true;
        }

        private void TakeOutTheGroupKey()
        {
            // Before any network traffic: a board taken from the field must expose only its own key.
            if (DeviceConfig.IsEmpty(_config.GroupKey))
            {
                return;
            }

            if (_config.KeepGroupKey)
            {
                _log.Write(LogLevel.Info, "keepGroupKey is true: the group key stays in device.json");
                return;
            }

            string problem = _configFile.ReplaceGroupKey(_config, _registrationId, DeviceKey.ToBase64(_deviceKey), RewriteComment);
            if (problem != null)
            {
                _log.Write(LogLevel.Warning, "device.json keeps the group key: " + problem);
                return;
            }

            _log.Write(LogLevel.Info, "device.json rewritten without the group key: deviceKey is now this board's derived key and registrationId its id "
                + "(written as device.json.tmp, read back, then renamed); a board taken from the field exposes only its own key");
        }

        private void DecideFromTheStoredAssignment()
        {
            _fingerprint = ConfigFingerprint.Compute(_config.IdScope, _registrationId, _config.Endpoint, _deviceKey, _ports.Hmac);
            _record = _records.Load();
            _log.Write(LogLevel.Info, _record == null
                ? "stored assignment: none"
                : "stored assignment: hub " + _record.AssignedHub + ", device " + _record.DeviceId + ", since " + UnixTime.Format(_record.AssignedAtUnix));
            _decision = BootDecision.Decide(_record, _config.IdScope, _registrationId, _config.Endpoint, _fingerprint, false);
            LogDecision();
        }

        private BootAction JoinNetwork()
        {
            if (_settings.UsesWifi)
            {
                string ssid = _config.WifiSsid;
                string password = _config.WifiPassword ?? string.Empty;
                if (_ports.Network.StoredCredentialsMatch(ssid, password))
                {
                    _log.Write(LogLevel.Info, "Wi-Fi credentials for \"" + ssid + "\" are already stored: flash not rewritten");
                }
                else
                {
                    _ports.Network.StoreCredentials(ssid, password);
                    _log.Write(LogLevel.Info, "Wi-Fi credentials for \"" + ssid + "\" written to the board's network configuration (they differed from device.json)");
                }

                _log.Write(LogLevel.Info, "joining Wi-Fi \"" + ssid + "\" (DHCP, at most " + (_settings.NetworkTimeoutMilliseconds / 1000).ToString() + " s)");
            }

            _stage = Stage.JoiningNetwork;
            return BootAction.JoinNetwork(_settings.NetworkTimeoutMilliseconds);
        }

        private BootAction AfterNetworkJoin(NetworkJoinResult result)
        {
            string detail = result.Detail == null ? string.Empty : " (" + result.Detail + ")";
            if (!result.IsJoined)
            {
                return Fail(BootFailure.NetworkNotJoined, (_settings.UsesWifi ? "Wi-Fi" : "the network") + " not joined: "
                    + NetworkJoinResult.KindName(result.Kind) + detail + ". " + JoinHint(result.Kind));
            }

            _log.Write(LogLevel.Info, (_settings.UsesWifi ? "Wi-Fi up" : "network up") + detail);
            return CheckTheClock();
        }

        private BootAction CheckTheClock()
        {
            long now = _ports.Clock.UtcNowMilliseconds / 1000;
            if (now >= _settings.MinValidUnixSeconds)
            {
                _log.Write(LogLevel.Info, "clock: " + UnixTime.Format(now) + ", later than the earliest plausible time " + UnixTime.Format(_settings.MinValidUnixSeconds) + ": sane");
                return CheckTheRoots();
            }

            _log.Write(LogLevel.Info, "clock: " + UnixTime.Format(now) + ", EARLIER than the earliest plausible time " + UnixTime.Format(_settings.MinValidUnixSeconds)
                + ": waiting for the real time (SNTP, at most " + (_settings.ClockTimeoutMilliseconds / 1000).ToString() + " s)");
            _stage = Stage.SettingClock;
            return BootAction.SyncClock(_settings.MinValidUnixSeconds, _settings.ClockTimeoutMilliseconds);
        }

        private BootAction AfterClockSync(ClockSyncResult result)
        {
            long now = _ports.Clock.UtcNowMilliseconds / 1000;
            if (result != ClockSyncResult.Set || now < _settings.MinValidUnixSeconds)
            {
                return Fail(BootFailure.ClockNotSet, "the clock was not set (it reads " + UnixTime.Format(now)
                    + "): TLS certificates and SAS tokens need the real time. SNTP needs UDP port 123 to pool.ntp.org");
            }

            _log.Write(LogLevel.Info, "clock set: " + UnixTime.Format(now));
            return CheckTheRoots();
        }

        private BootAction CheckTheRoots()
        {
            RootsResult roots = _ports.Roots.Load();
            if (!roots.IsPresent)
            {
                return Fail(BootFailure.RootsMissing, "TLS root certificates: " + roots.Detail + ". Deploy them with nanoff --filedeployment config/deploy.json --serialport <port>");
            }

            _log.Write(LogLevel.Info, "TLS roots: " + roots.Detail);
            return _decision.MustProvision ? Provision() : ProveTheAssignment();
        }

        private BootAction Provision()
        {
            ProvisioningSettings settings = ProvisioningSettings.FromConfig(_config, _registrationId, _deviceKey);
            settings.MinValidUnixSeconds = _settings.MinValidUnixSeconds;
            if (_settings.Backoff != null)
            {
                settings.Backoff = _settings.Backoff;
            }

            _flow = new ProvisioningFlow(settings, _ports.Hmac, _ports.Clock, _ports.Random, _log);
            _stage = Stage.Provisioning;
            return FollowFlow(_flow.Step(null));
        }

        private BootAction FollowFlow(ProvisioningAction action)
        {
            switch (action.Kind)
            {
                case ActionKind.Send:
                    return BootAction.Send(action.Request);
                case ActionKind.Wait:
                    return BootAction.Wait(action.WaitMilliseconds);
                default:
                    return AfterProvisioning(action.Outcome);
            }
        }

        private BootAction AfterProvisioning(ProvisioningOutcome outcome)
        {
            _provisioning = outcome;
            _dpsRequests += outcome.RequestCount;
            string effort = outcome.RequestCount.ToString() + " DPS request(s) in " + (outcome.ElapsedMilliseconds / 1000).ToString() + " s";
            if (!outcome.IsAssigned)
            {
                _log.Write(LogLevel.Error, "no assignment after " + effort
                    + (outcome.ErrorCode == 0 ? string.Empty : "; DPS error " + outcome.ErrorCode.ToString() + " " + outcome.ErrorMessage)
                    + (outcome.TrackingId == null ? string.Empty : "; trackingId " + outcome.TrackingId));
                return Fail(BootFailure.NotAssigned, "DPS gave no assignment (" + OutcomeName(outcome.Kind) + ")");
            }

            _log.Write(LogLevel.Info, "provisioning took " + effort);
            _record = new ProvisioningRecord(outcome.AssignedHub, outcome.DeviceId, _registrationId, _config.IdScope, _config.Endpoint, _ports.Clock.UtcNowMilliseconds / 1000, _fingerprint);
            try
            {
                _records.Save(_record);
            }
            catch (Exception ex)
            {
                // Said for what it is (the flash, not DPS); the boot fails as any unexpected error does.
                return Fail(BootFailure.Unexpected, "DPS assigned " + outcome.AssignedHub + ", but the assignment could not be saved to flash ("
                    + ex.GetType().Name + ": " + ex.Message + "): the next boot registers again");
            }

            _log.Write(LogLevel.Info, "assignment saved to flash (" + RecordStore.RecordName + ", written as " + RecordStore.TempName + " then renamed): later boots skip DPS");
            return ProveTheAssignment();
        }

        private BootAction ProveTheAssignment()
        {
            _log.Write(LogLevel.Info, HubProof.Name + ": one message to " + _record.AssignedHub + " as " + _record.DeviceId);
            _stage = Stage.Proving;
            return BootAction.Send(HubProof.Request(Device(), _record, _settings.FirmwareVersion, _ports.Clock.UtcNowMilliseconds / 1000));
        }

        private BootAction AfterProof(HttpExchangeResult answer)
        {
            HubVerdict verdict = HubRequests.Judge(answer, HubProof.Name, _log);
            if (verdict == HubVerdict.Accepted)
            {
                return HandOver();
            }

            if (verdict == HubVerdict.Failed)
            {
                return Fail(BootFailure.HubFailed, "the hub could not be reached or did not take the message; the assignment stays stored and the next boot tries the hub again");
            }

            return RegisterAgainOnce();
        }

        private BootAction RegisterAgainOnce()
        {
            // A hub that refuses the device gets one new registration per boot, no more: DPS
            // registrations are billed and rate-limited, and a second refusal will not be the last.
            if (_registeredAgain)
            {
                return Fail(BootFailure.HubRejected, "the hub refused the device again after a new registration: check the device in the hub's device registry (deleted, disabled, key changed)");
            }

            _registeredAgain = true;
            _decision = BootDecision.Decide(_record, _config.IdScope, _registrationId, _config.Endpoint, _fingerprint, true);
            _log.Write(LogLevel.Warning, "registering again: " + _decision.Reason + " (once per boot)");
            LogDecision();
            return Provision();
        }

        private BootAction HandOver()
        {
            Try(ForgetFailedBoots, "could not clear the failed-boot count in flash");
            ProvisionedDevice device = Device();
            _log.Write(LogLevel.Info, "provisioned: hub " + device.AssignedHub + ", device " + device.DeviceId + "; the application takes over");
            _stage = Stage.Handed;
            return End(BootOutcomeKind.Provisioned, device);
        }

        /// <summary>The device the stored assignment makes: what the hub proof signs with and the application gets.</summary>
        private ProvisionedDevice Device()
        {
            return new ProvisionedDevice(_record.AssignedHub, _record.DeviceId, _deviceKey, _counter.Boots, _config.TelemetryIntervalSeconds, _ports.Hmac);
        }

        private BootAction Fail(BootFailure failure, string reason)
        {
            _failure = failure;
            _reason = reason;
            if (_counter == null)
            {
                _counter = new BootCounter(_ports.Flash);
            }

            Try(CountFailure, "could not count the failed boot in flash; the next sleep will not grow");
            _sleepSeconds = RetrySchedule.DelaySeconds(_counter.FailedInARow, _ports.Random);
            _log.Write(LogLevel.Error, "boot " + _counter.FailedInARow.ToString() + " in a row without a working assignment: " + reason);
            if (_ports.Power.WokeFromRetrySleep || _settings.AwakeAfterResetMilliseconds <= 0)
            {
                return SleepNow();
            }

            _log.Write(LogLevel.Info, "staying awake " + (_settings.AwakeAfterResetMilliseconds / 1000).ToString()
                + " s so that nanoff or Visual Studio can reach the board; a newly deployed device.json restarts it at once");
            _stage = Stage.StayingAwake;
            _awakeLeftMs = _settings.AwakeAfterResetMilliseconds;
            return WaitAwake();
        }

        private BootAction WaitAwake()
        {
            _lastWaitMs = _awakeLeftMs < _settings.AwakeCheckMilliseconds ? _awakeLeftMs : _settings.AwakeCheckMilliseconds;
            return BootAction.Wait(_lastWaitMs);
        }

        private BootAction StillAwake()
        {
            // A deployment takes a moment: restart once the new file reads the same twice in a row
            // (or when the minute is over), not in the middle of nanoff writing it.
            _awakeLeftMs -= _lastWaitMs;
            string deployed = _configFile.NewText();
            bool settled = deployed != null && deployed == _newConfigSeen;
            _newConfigSeen = deployed;
            if (settled || (deployed != null && _awakeLeftMs <= 0))
            {
                _log.Write(LogLevel.Info, "a new device.json was deployed: restarting now instead of sleeping " + Duration(_sleepSeconds));
                return End(BootOutcomeKind.Restart, null);
            }

            return _awakeLeftMs > 0 ? WaitAwake() : SleepNow();
        }

        private BootAction SleepNow()
        {
            _log.Write(LogLevel.Info, "deep sleep for " + Duration(_sleepSeconds) + ", then the board starts again");
            return End(BootOutcomeKind.Sleep, null);
        }

        private BootAction End(BootOutcomeKind kind, ProvisionedDevice device)
        {
            if (kind != BootOutcomeKind.Provisioned)
            {
                _stage = Stage.Ended;
            }

            BootOutcome outcome = new BootOutcome(kind, device == null ? _failure : BootFailure.None, device == null ? _reason : null, device, kind == BootOutcomeKind.Sleep ? _sleepSeconds : 0);
            outcome.Record = _record;
            outcome.UsedStoredAssignment = _decision != null && !_decision.MustProvision;
            outcome.Provisioning = _provisioning;
            outcome.DpsRequests = _dpsRequests;
            outcome.ConfigErrors = _configErrors;
            outcome.FailedBootsInARow = device == null ? _counter.FailedInARow : 0;
            outcome.BootCount = _counter.Boots;
            return BootAction.Done(outcome);
        }

        private void LogDecision()
        {
            _log.Write(LogLevel.Info, _decision.MustProvision
                ? "boot decision: provision with DPS (" + _decision.Reason + ")"
                : "boot decision: use the stored assignment, no DPS request (" + _decision.Reason + ")");
        }

        private void LoadTheCounter()
        {
            _counter.Load();
        }

        private void CountThisBoot()
        {
            _counter.CountThisBoot();
        }

        private void CountFailure()
        {
            _counter.CountFailure();
        }

        private void ForgetFailedBoots()
        {
            _counter.Succeeded();
        }

        private delegate void FlashStep();

        private void Try(FlashStep step, string what)
        {
            // The counter only shapes the retry sleep: losing it must not stop the boot.
            try
            {
                step();
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, what + " (" + Describe(ex) + ")");
            }
        }

        private void Redact(string secret)
        {
            if (_ports.Redactor != null && !DeviceConfig.IsEmpty(secret))
            {
                _ports.Redactor.Redact(secret);
            }
        }

        private void Expect(Stage stage)
        {
            if (_stage != stage)
            {
                throw new InvalidOperationException("the boot sequence was driven out of order");
            }
        }

        private static string JoinHint(NetworkJoinKind kind)
        {
            switch (kind)
            {
                case NetworkJoinKind.NetworkNotFound:
                    return "Check wifiSsid in device.json, and that the network is 2.4 GHz and in range";
                case NetworkJoinKind.WrongPassword:
                    return "Check wifiPassword in device.json";
                case NetworkJoinKind.NoAddress:
                    return "The network gave no address: check its DHCP server";
                default:
                    return "Check wifiSsid and wifiPassword in device.json, and that the network is 2.4 GHz";
            }
        }

        private static string OutcomeName(OutcomeKind kind)
        {
            switch (kind)
            {
                case OutcomeKind.Assigned: return "assigned";
                case OutcomeKind.Failed: return "DPS could not assign a hub";
                case OutcomeKind.Disabled: return "disabled in DPS";
                case OutcomeKind.Unauthorized: return "DPS refused the SAS token twice";
                case OutcomeKind.NotFound: return "DPS knows no such scope, enrollment or operation";
                case OutcomeKind.BadRequest: return "DPS rejected the request";
                case OutcomeKind.ClockNotSet: return "the clock is not set";
                default: return "no assignment within deadlineSeconds";
            }
        }

        private static string Describe(Exception ex)
        {
            return "unexpected " + ex.GetType().Name + ": " + ex.Message;
        }

        private static string Duration(int seconds)
        {
            return (seconds / 60).ToString() + " min " + (seconds % 60).ToString() + " s";
        }

        private static string MacText(byte[] mac)
        {
            string text = Hex.ToLower(new byte[] { mac[0] }, 1);
            for (int i = 1; i < mac.Length; i++)
            {
                text += ":" + Hex.ToLower(new byte[] { mac[i] }, 1);
            }

            return text;
        }

        private static bool IsZero(byte[] bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
