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
        private AwakeWindow _awake;

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

        private delegate BootAction Step();

        /// <summary>Power-on: everything up to the network join.</summary>
        public BootAction Start()
        {
            return Guarded(Stage.NotStarted, PowerOn);
        }

        /// <summary>The network join of a <see cref="BootActionKind.JoinNetwork"/> ended with <paramref name="result"/>.</summary>
        public BootAction NetworkJoined(NetworkJoinResult result)
        {
            return Guarded(Stage.JoiningNetwork, () => AfterNetworkJoin(result));
        }

        /// <summary>The wait of a <see cref="BootActionKind.SyncClock"/> ended with <paramref name="result"/>.</summary>
        public BootAction ClockSynced(ClockSyncResult result)
        {
            return Guarded(Stage.SettingClock, () => AfterClockSync(result));
        }

        /// <summary>The request of a <see cref="BootActionKind.Send"/> was answered with <paramref name="answer"/>.</summary>
        public BootAction Answered(HttpExchangeResult answer)
        {
            return _stage == Stage.Proving
                ? Guarded(Stage.Proving, () => AfterProof(answer))
                : Guarded(Stage.Provisioning, () => FollowFlow(_flow.Step(answer)));
        }

        /// <summary>The wait of a <see cref="BootActionKind.Wait"/> is over.</summary>
        public BootAction Waited()
        {
            return _stage == Stage.StayingAwake
                ? Guarded(Stage.StayingAwake, StillAwake)
                : Guarded(Stage.Provisioning, () => FollowFlow(_flow.Step(null)));
        }

        /// <summary>
        /// The application's hub refused the device (401/404): one new registration, as after a
        /// refused proof; if this boot already registered again, the boot fails instead.
        /// </summary>
        public BootAction HubRefused()
        {
            return Guarded(Stage.Handed, RegisterAgainOnce);
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
            Try(LoadTheCounter, BootText.CounterNotRead);
            int failedBefore = _counter.FailedInARow;
            Try(CountThisBoot, BootText.CounterNotWritten);
            _log.Write(LogLevel.Info, BootText.Started(_settings.FirmwareVersion, _counter.Boots, _ports.Power.WokeFromRetrySleep, failedBefore));

            ConfigParseResult loaded = _configFile.Load(_settings.UsesWifi);
            if (loaded == null)
            {
                return Fail(BootFailure.ConfigMissing, BootText.ConfigMissing());
            }

            if (!ReadConfiguration(loaded))
            {
                return Fail(BootFailure.ConfigInvalid, BootText.ConfigInvalid(_configErrors.Length));
            }

            if (!DecideIdentity())
            {
                return Fail(BootFailure.NoStationMac, BootText.NoStationMac);
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
                _log.Write(LogLevel.Info, BootText.ConfigLine(note));
            }

            _configErrors = loaded.Errors;
            foreach (ConfigError error in loaded.Errors)
            {
                _log.Write(LogLevel.Error, BootText.ConfigLine(error.Field == DeviceConfigFile.FileName ? error.Problem : error.ToString()));
            }

            if (!loaded.IsValid)
            {
                return false;
            }

            _config = config;
            _log.Write(LogLevel.Info, BootText.ConfigSummary(config));
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
                _log.Write(LogLevel.Info, BootText.RegistrationIdFromMac(_registrationId, _config.RegistrationIdPrefix, BootText.Mac(mac)));
            }
            else
            {
                _registrationId = _config.RegistrationId;
                _log.Write(LogLevel.Info, BootText.RegistrationIdFromConfig(_registrationId));
            }

            _deviceKey = DeviceKey.Resolve(_config, _registrationId, _ports.Hmac);
            Redact(DeviceKey.ToBase64(_deviceKey));
            _log.Write(LogLevel.Info, DeviceConfig.IsEmpty(_config.GroupKey) ? BootText.DeviceKeyFromConfig : BootText.DeviceKeyDerived);
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
                _log.Write(LogLevel.Info, BootText.GroupKeyKept);
                return;
            }

            string problem = _configFile.ReplaceGroupKey(_config, _registrationId, DeviceKey.ToBase64(_deviceKey), BootText.RewriteComment);
            if (problem != null)
            {
                _log.Write(LogLevel.Warning, BootText.GroupKeyNotTakenOut(problem));
                return;
            }

            _log.Write(LogLevel.Info, BootText.GroupKeyTakenOut);
        }

        private void DecideFromTheStoredAssignment()
        {
            _fingerprint = ConfigFingerprint.Compute(_config.IdScope, _registrationId, _config.Endpoint, _deviceKey, _ports.Hmac);
            _record = _records.Load();
            _log.Write(LogLevel.Info, _record == null ? BootText.NoStoredAssignment : BootText.StoredAssignment(_record));
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
                    _log.Write(LogLevel.Info, BootText.WifiAlreadyStored(ssid));
                }
                else
                {
                    _ports.Network.StoreCredentials(ssid, password);
                    _log.Write(LogLevel.Info, BootText.WifiStored(ssid));
                }

                _log.Write(LogLevel.Info, BootText.Joining(ssid, _settings.NetworkTimeoutMilliseconds));
            }

            _stage = Stage.JoiningNetwork;
            return BootAction.JoinNetwork(_settings.NetworkTimeoutMilliseconds);
        }

        private BootAction AfterNetworkJoin(NetworkJoinResult result)
        {
            if (!result.IsJoined)
            {
                return Fail(BootFailure.NetworkNotJoined, BootText.NotJoined(_settings.UsesWifi, result));
            }

            _log.Write(LogLevel.Info, BootText.Joined(_settings.UsesWifi, result));
            return CheckTheClock();
        }

        private BootAction CheckTheClock()
        {
            long now = _ports.Clock.UtcNowMilliseconds / 1000;
            if (now >= _settings.MinValidUnixSeconds)
            {
                _log.Write(LogLevel.Info, BootText.ClockSane(now));
                return CheckTheRoots();
            }

            _log.Write(LogLevel.Info, BootText.ClockTooEarly(now, _settings.MinValidUnixSeconds, _settings.ClockTimeoutMilliseconds));
            _stage = Stage.SettingClock;
            return BootAction.SyncClock(_settings.MinValidUnixSeconds, _settings.ClockTimeoutMilliseconds);
        }

        private BootAction AfterClockSync(ClockSyncResult result)
        {
            long now = _ports.Clock.UtcNowMilliseconds / 1000;
            if (result != ClockSyncResult.Set || now < _settings.MinValidUnixSeconds)
            {
                return Fail(BootFailure.ClockNotSet, BootText.ClockNotSet(now));
            }

            _log.Write(LogLevel.Info, BootText.ClockSet(now));
            return CheckTheRoots();
        }

        private BootAction CheckTheRoots()
        {
            RootsResult roots = _ports.Roots.Load();
            if (!roots.IsPresent)
            {
                return Fail(BootFailure.RootsMissing, BootText.RootsMissing(roots.Detail));
            }

            _log.Write(LogLevel.Info, BootText.Roots(roots.Detail));
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
            if (!outcome.IsAssigned)
            {
                _log.Write(LogLevel.Error, BootText.NoAssignment(outcome));
                return Fail(BootFailure.NotAssigned, BootText.NotAssigned(outcome.Kind));
            }

            _log.Write(LogLevel.Info, BootText.ProvisioningTook(outcome));
            _record = new ProvisioningRecord(outcome.AssignedHub, outcome.DeviceId, _registrationId, _config.IdScope, _config.Endpoint, _ports.Clock.UtcNowMilliseconds / 1000, _fingerprint, PayloadToKeep(outcome.PayloadJson));
            try
            {
                _records.Save(_record);
            }
            catch (Exception ex)
            {
                // Said for what it is (the flash, not DPS); the boot fails as any unexpected error does.
                return Fail(BootFailure.Unexpected, BootText.RecordNotSaved(outcome.AssignedHub, ex.GetType().Name + ": " + ex.Message));
            }

            _log.Write(LogLevel.Info, BootText.RecordSaved());
            return ProveTheAssignment();
        }

        // A payload larger than the device keeps is dropped, said in one line; the assignment stands.
        private string PayloadToKeep(string payloadJson)
        {
            if (payloadJson != null && payloadJson.Length > ProvisionedDevice.MaxPayloadLength)
            {
                _log.Write(LogLevel.Warning, BootText.PayloadTooLarge(payloadJson.Length));
                return null;
            }

            return payloadJson;
        }

        private BootAction ProveTheAssignment()
        {
            _log.Write(LogLevel.Info, BootText.Proving(_record));
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
                return Fail(BootFailure.HubFailed, BootText.HubFailed);
            }

            return RegisterAgainOnce();
        }

        private BootAction RegisterAgainOnce()
        {
            // A hub that refuses the device gets one new registration per boot, no more: DPS
            // registrations are billed and rate-limited, and a second refusal will not be the last.
            if (_registeredAgain)
            {
                return Fail(BootFailure.HubRejected, BootText.HubRefusedAgain);
            }

            _registeredAgain = true;
            _decision = BootDecision.Decide(_record, _config.IdScope, _registrationId, _config.Endpoint, _fingerprint, true);
            _log.Write(LogLevel.Warning, BootText.RegisteringAgain(_decision.Reason));
            LogDecision();
            return Provision();
        }

        private BootAction HandOver()
        {
            Try(ForgetFailedBoots, BootText.FailuresNotCleared);
            ProvisionedDevice device = Device();
            _log.Write(LogLevel.Info, BootText.Provisioned(device));
            _stage = Stage.Handed;
            return End(BootOutcomeKind.Provisioned, device);
        }

        /// <summary>The device the stored assignment makes: what the hub proof signs with and the application gets.</summary>
        private ProvisionedDevice Device()
        {
            return new ProvisionedDevice(_record.AssignedHub, _record.DeviceId, _deviceKey, _counter.Boots, _config.TelemetryIntervalSeconds, _ports.Hmac, _record.PayloadJson);
        }

        private BootAction Fail(BootFailure failure, string reason)
        {
            _failure = failure;
            _reason = reason;
            if (_counter == null)
            {
                _counter = new BootCounter(_ports.Flash);
            }

            Try(CountFailure, BootText.FailureNotCounted);
            _sleepSeconds = RetrySchedule.DelaySeconds(_counter.FailedInARow, _ports.Random);
            _log.Write(LogLevel.Error, BootText.FailedBoot(_counter.FailedInARow, reason));
            if (_ports.Power.WokeFromRetrySleep || _settings.AwakeAfterResetMilliseconds <= 0)
            {
                return SleepNow();
            }

            _log.Write(LogLevel.Info, BootText.StayingAwake(_settings.AwakeAfterResetMilliseconds));
            _stage = Stage.StayingAwake;
            _awake = new AwakeWindow(_configFile, _settings.AwakeAfterResetMilliseconds, _settings.AwakeCheckMilliseconds);
            return BootAction.Wait(_awake.NextWaitMilliseconds());
        }

        private BootAction StillAwake()
        {
            AwakeState state = _awake.AfterWait();
            if (state == AwakeState.NewConfig)
            {
                _log.Write(LogLevel.Info, BootText.NewConfigRestart());
                return End(BootOutcomeKind.Restart, null);
            }

            return state == AwakeState.Open ? BootAction.Wait(_awake.NextWaitMilliseconds()) : SleepNow();
        }

        private BootAction SleepNow()
        {
            _log.Write(LogLevel.Info, BootText.DeepSleep(_sleepSeconds));
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
            _log.Write(LogLevel.Info, BootText.Decision(_decision));
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

        private BootAction Guarded(Stage expected, Step step)
        {
            try
            {
                if (_stage != expected)
                {
                    throw new InvalidOperationException(BootText.OutOfOrder);
                }

                return step();
            }
            catch (Exception ex)
            {
                return Abort(BootText.Unexpected(ex));
            }
        }

        private void Try(FlashStep step, string what)
        {
            // The counter only shapes the retry sleep: losing it must not stop the boot.
            try
            {
                step();
            }
            catch (Exception ex)
            {
                _log.Write(LogLevel.Warning, BootText.FlashStepFailed(what, BootText.Unexpected(ex)));
            }
        }

        private void Redact(string secret)
        {
            if (_ports.Redactor != null && !DeviceConfig.IsEmpty(secret))
            {
                _ports.Redactor.Redact(secret);
            }
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
