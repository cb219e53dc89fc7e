using System;
using nanoFramework.TestFramework;
using NanoDps.Provisioning;

namespace DeviceFirmware.Tests
{
    [TestClass]
    public class ProvisioningFlowTests
    {
        private static FakeClock _clock;
        private static FakeDelay _delay;
        private static ScriptedExchange _dps;
        private static RecordingLog _log;
        private static ProvisioningSettings _settings;
        private static SequenceRandom _random;

        [TestMethod]
        public void HappyPath_RegistersPollsAndIsAssigned()
        {
            Arrange();
            _dps.Then(ScriptedExchange.Assigning("op-1", 3))
                .Then(ScriptedExchange.Assigning("op-1", 3))
                .Then(ScriptedExchange.Assigned("op-1", "hub-1.azure-devices.net", CryptoVectors.MacRegistrationId));

            ProvisioningOutcome outcome = Run();

            Assert.IsTrue(outcome.IsAssigned);
            Assert.AreEqual("hub-1.azure-devices.net", outcome.AssignedHub);
            Assert.AreEqual(CryptoVectors.MacRegistrationId, outcome.DeviceId);
            Assert.AreEqual("initialAssignment", outcome.Substatus);
            Assert.AreEqual(3, outcome.RequestCount);
            Assert.AreEqual(RequestKind.Register, _dps.Request(0).Kind);
            Assert.AreEqual(RequestKind.PollOperation, _dps.Request(1).Kind);
            Assert.Contains("/operations/op-1?", _dps.Request(2).PathAndQuery);
            Assert.AreEqual(2, _delay.Waits.Count);
            Assert.AreEqual(3000, (int)_delay.Waits[0]);
            Assert.AreEqual(6000L, outcome.ElapsedMilliseconds);
        }

        [TestMethod]
        public void Token_IsTheOneOpensslComputesAndIsReusedWhileValid()
        {
            Arrange();
            _clock.UtcNowMilliseconds = (CryptoVectors.Expiry - 3600) * 1000;
            _dps.Then(ScriptedExchange.Assigning("op", 3)).Then(ScriptedExchange.Assigned("op", "h", "d"));
            Run();
            Assert.AreEqual(CryptoVectors.DpsToken, _dps.Request(0).Authorization);
            Assert.AreEqual(CryptoVectors.DpsToken, _dps.Request(1).Authorization);
        }

        [TestMethod]
        public void Token_IsReMintedWhenTheFlowOutlivesIt()
        {
            Arrange();
            _settings.SasTtlSeconds = 60;
            _dps.Then(ScriptedExchange.Assigning("op", 55)).Then(ScriptedExchange.Assigning("op", 55)).Then(ScriptedExchange.Assigned("op", "h", "d"));
            Run();
            string first = _dps.Request(0).Authorization;
            Assert.AreNotEqual(first, _dps.Request(1).Authorization, "55 s later, less than a tenth of the 60 s TTL is left");
            Assert.Contains("&se=" + ((FakeClock.DefaultStart / 1000) + 60).ToString(), first);
            Assert.Contains("&se=" + ((FakeClock.DefaultStart / 1000) + 55 + 60).ToString(), _dps.Request(1).Authorization);
        }

        [TestMethod]
        public void EveryRequest_MayTakeOnlyWhatIsLeftOfTheDeadline()
        {
            Arrange();
            _settings.DeadlineSeconds = 60;
            _dps.Then(ScriptedExchange.Assigning("op", 3)).Then(ScriptedExchange.Assigning("op", 5)).Then(ScriptedExchange.Assigned("op", "h", "d"));
            Run();
            Assert.AreEqual(60000, _dps.Request(0).TimeLimitMilliseconds, "the register: the whole deadline is left");
            Assert.AreEqual(57000, _dps.Request(1).TimeLimitMilliseconds, "the first poll, 3 s in");
            Assert.AreEqual(52000, _dps.Request(2).TimeLimitMilliseconds, "the second poll, 8 s in");
        }

        [TestMethod]
        public void Polls_AreNeverCloserThanTwoSeconds()
        {
            Arrange();
            _dps.Then(ScriptedExchange.Assigning("op", 0)).Then(ScriptedExchange.Assigning("op", 1)).Then(ScriptedExchange.Assigning("op", -1))
                .Then(ScriptedExchange.Assigned("op", "h", "d"));
            Run();
            for (int i = 1; i < _dps.SentAt.Count; i++)
            {
                long gap = (long)_dps.SentAt[i] - (long)_dps.SentAt[i - 1];
                Assert.IsTrue(gap >= 2000, "request " + i.ToString() + " came " + gap.ToString() + " ms after the previous one");
            }

            Assert.AreEqual(3000, (int)_delay.Waits[2], "no Retry-After: the default 3 s");
        }

        [TestMethod]
        public void Throttling_BacksOffHonouringRetryAfterAndGrowing()
        {
            Arrange();
            _dps.Then(ScriptedExchange.Error(429, 429001, 3)).Then(ScriptedExchange.Error(429, 429001, 3)).Then(ScriptedExchange.Error(429, 429001, 70))
                .Then(ScriptedExchange.Assigning("op", 3)).Then(ScriptedExchange.Assigned("op", "h", "d"));
            ProvisioningOutcome outcome = Run();
            Assert.IsTrue(outcome.IsAssigned);
            Backoff backoff = _settings.Backoff;
            Assert.AreEqual(backoff.WindowMilliseconds(1), (int)_delay.Waits[0], "highest draw of the first window");
            Assert.AreEqual(backoff.WindowMilliseconds(2), (int)_delay.Waits[1], "the second window");
            Assert.AreEqual(70000 + (backoff.WindowMilliseconds(3) * backoff.JitterPercent / 100), (int)_delay.Waits[2], "a long Retry-After lifts the window's bottom; the jitter goes above it");
            Assert.AreEqual(3000, (int)_delay.Waits[3], "accepted: back to polling at Retry-After");
            Assert.AreEqual(RequestKind.Register, _dps.Request(3).Kind, "a throttled register is registered again");
        }

        [TestMethod]
        public void Throttling_WaitsAtLeastRetryAfter()
        {
            Arrange(0);
            _dps.Then(ScriptedExchange.Error(429, 429001, 30)).Then(ScriptedExchange.Assigning("op", 3)).Then(ScriptedExchange.Assigned("op", "h", "d"));
            Run();
            Assert.AreEqual(30000, (int)_delay.Waits[0]);
        }

        [TestMethod]
        public void TransportErrorWhilePolling_ResumesTheSameOperation()
        {
            Arrange();
            _dps.Then(ScriptedExchange.Assigning("op-7", 3))
                .Then(HttpExchangeResult.TransportFailed("connection reset"))
                .Then(ScriptedExchange.Error(503, 503000, -1))
                .Then(HttpExchangeResult.Malformed(200, -1, "truncated body"))
                .Then(ScriptedExchange.Assigned("op-7", "h", "d"));
            ProvisioningOutcome outcome = Run();
            Assert.IsTrue(outcome.IsAssigned);
            Assert.AreEqual(5, _dps.Requests.Count);
            for (int i = 1; i < 5; i++)
            {
                Assert.AreEqual(RequestKind.PollOperation, _dps.Request(i).Kind, "request " + i.ToString() + " polls, it does not register again");
                Assert.Contains("/operations/op-7?", _dps.Request(i).PathAndQuery);
            }

            Assert.AreEqual(_settings.Backoff.WindowMilliseconds(1), (int)_delay.Waits[1], "first failure: first window");
            Assert.AreEqual(_settings.Backoff.WindowMilliseconds(2), (int)_delay.Waits[2], "second failure in a row");
            Assert.AreEqual(_settings.Backoff.WindowMilliseconds(3), (int)_delay.Waits[3], "third failure in a row");
        }

        [TestMethod]
        public void TransportErrorWhileRegistering_RegistersAgain()
        {
            Arrange();
            _dps.Then(HttpExchangeResult.TransportFailed("dns")).Then(ScriptedExchange.Assigning("op", 3)).Then(ScriptedExchange.Assigned("op", "h", "d"));
            Assert.IsTrue(Run().IsAssigned);
            Assert.AreEqual(RequestKind.Register, _dps.Request(1).Kind);
        }

        [TestMethod]
        public void Unauthorized_ReMintsOnceThenGivesUpWithAHint()
        {
            Arrange();
            _dps.Then(ScriptedExchange.Error(401, 401002, -1)).Then(ScriptedExchange.Error(401, 401002, -1));
            ProvisioningOutcome outcome = Run();
            Assert.AreEqual((int)OutcomeKind.Unauthorized, (int)outcome.Kind);
            Assert.AreEqual(2, outcome.RequestCount);
            Assert.AreEqual(401002, outcome.ErrorCode);
            Assert.Contains("group key used directly", outcome.Hint);
            Assert.Contains("clock", outcome.Hint);
            Assert.Contains("case", outcome.Hint);
            Assert.AreEqual(2000, (int)_delay.Waits[0]);
            Assert.IsTrue(_log.Contains("minting a new token"));
        }

        [TestMethod]
        public void Unauthorized_ThenAccepted_IsAssigned()
        {
            Arrange();
            _dps.Then(ScriptedExchange.Error(401, 401002, -1)).Then(ScriptedExchange.Assigning("op", 3)).Then(ScriptedExchange.Assigned("op", "h", "d"));
            Assert.IsTrue(Run().IsAssigned);
        }

        [TestMethod]
        public void ClockBeforeTheFloor_EndsBeforeAnyRequest()
        {
            Arrange();
            _clock.UtcNowMilliseconds = 86400000;
            ProvisioningOutcome outcome = Run();
            Assert.AreEqual((int)OutcomeKind.ClockNotSet, (int)outcome.Kind);
            Assert.AreEqual(0, _dps.Requests.Count);
            Assert.Contains("SNTP", outcome.Hint);
        }

        [TestMethod]
        public void ClockThatJumpsBackAfter401_IsReportedAsClockNotSet()
        {
            Arrange();
            _dps.Then(ScriptedExchange.Error(401, 401002, -1));
            ProvisioningFlow flow = NewFlow();
            ProvisioningAction action = flow.Step(null);
            _clock.UtcNowMilliseconds = 1000;
            action = flow.Step(_dps.Send(action.Request));
            Assert.AreEqual((int)ActionKind.Done, (int)action.Kind);
            Assert.AreEqual((int)OutcomeKind.ClockNotSet, (int)action.Outcome.Kind);
        }

        [TestMethod]
        [DataRow(404, 404201, (int)OutcomeKind.NotFound, "idScope")]
        [DataRow(400, 400004, (int)OutcomeKind.BadRequest, "apiVersion")]
        public void NotFoundAndBadRequest_AreNotRetried(int status, int errorCode, int outcomeKind, string fieldToCheck)
        {
            Arrange();
            _dps.Then(ScriptedExchange.Error(status, errorCode, -1));
            ProvisioningOutcome outcome = Run();
            Assert.AreEqual(outcomeKind, (int)outcome.Kind);
            Assert.AreEqual(1, outcome.RequestCount);
            Assert.AreEqual(errorCode, outcome.ErrorCode);
            Assert.Contains(fieldToCheck, outcome.Hint, "the hint names the device.json field to check");
        }

        [TestMethod]
        public void NotFoundWhilePolling_RegistersAgainOnceThenGivesUp()
        {
            Arrange();
            _dps.Then(ScriptedExchange.Assigning("op-old", 3)).Then(ScriptedExchange.Error(404, 404202, -1))
                .Then(ScriptedExchange.Assigning("op-new", 3)).Then(ScriptedExchange.Error(404, 404202, -1));
            ProvisioningOutcome outcome = Run();
            Assert.AreEqual((int)OutcomeKind.NotFound, (int)outcome.Kind);
            Assert.AreEqual(4, outcome.RequestCount);
            Assert.AreEqual(RequestKind.Register, _dps.Request(2).Kind, "the expired operation is replaced by a new registration");
            Assert.Contains("/operations/op-new?", _dps.Request(3).PathAndQuery);
            Assert.AreEqual(2000, (int)_delay.Waits[1]);
        }

        [TestMethod]
        public void NotFoundWhilePolling_ThenAssigned_IsAssigned()
        {
            Arrange();
            _dps.Then(ScriptedExchange.Assigning("op-old", 3)).Then(ScriptedExchange.Error(404, 404202, -1))
                .Then(ScriptedExchange.Assigning("op-new", 3)).Then(ScriptedExchange.Assigned("op-new", "h", "d"));
            Assert.IsTrue(Run().IsAssigned);
        }

        [TestMethod]
        public void FailedAndDisabled_EndTheFlowWithTheirDetails()
        {
            Arrange();
            DpsResponse failed = new DpsResponse();
            failed.OperationId = "op";
            failed.Status = "failed";
            failed.RegistrationState = new DpsRegistrationState();
            failed.RegistrationState.ErrorCode = 400208;
            failed.RegistrationState.ErrorMessage = "no hub";
            _dps.Then(ScriptedExchange.Assigning("op", 3)).Then(HttpExchangeResult.Answered(200, -1, failed));
            ProvisioningOutcome outcome = Run();
            Assert.AreEqual((int)OutcomeKind.Failed, (int)outcome.Kind);
            Assert.AreEqual(400208, outcome.ErrorCode);

            Arrange();
            DpsResponse disabled = new DpsResponse();
            disabled.Status = "disabled";
            _dps.Then(HttpExchangeResult.Answered(200, -1, disabled));
            Assert.AreEqual((int)OutcomeKind.Disabled, (int)Run().Kind);
        }

        [TestMethod]
        public void Deadline_EndsAFlowThatNeverGetsThrough()
        {
            Arrange();
            _settings.DeadlineSeconds = 300;
            for (int i = 0; i < 20; i++)
            {
                _dps.Then(ScriptedExchange.Error(503, 503000, -1));
            }

            ProvisioningOutcome outcome = Run();
            Assert.AreEqual((int)OutcomeKind.DeadlineExceeded, (int)outcome.Kind);
            Assert.IsTrue(outcome.ElapsedMilliseconds <= 300000, "never waits past the deadline: " + outcome.ElapsedMilliseconds.ToString());
            Assert.IsTrue(outcome.RequestCount >= 3 && outcome.RequestCount < 20, "requests: " + outcome.RequestCount.ToString());
            Assert.Contains("deadlineSeconds", outcome.Hint);
        }

        [TestMethod]
        public void Step_AfterDone_KeepsReturningTheSameOutcome()
        {
            Arrange();
            _dps.Then(ScriptedExchange.Error(404, 404201, -1));
            ProvisioningFlow flow = NewFlow();
            ProvisioningOutcome outcome = ProvisioningRunner.Run(flow, _dps, _delay);
            Assert.AreSame(outcome, flow.Step(null).Outcome);
            Assert.AreEqual(1, _dps.Requests.Count);
        }

        [TestMethod]
        public void Step_WaitsAreActionsNotSleeps()
        {
            Arrange();
            ProvisioningFlow flow = NewFlow();
            ProvisioningAction first = flow.Step(null);
            Assert.AreEqual((int)ActionKind.Send, (int)first.Kind);
            ProvisioningAction second = flow.Step(ScriptedExchange.Assigning("op", 5));
            Assert.AreEqual((int)ActionKind.Wait, (int)second.Kind);
            Assert.AreEqual(5000, second.WaitMilliseconds);
            Assert.AreEqual(FakeClock.DefaultStart, _clock.UtcNowMilliseconds, "the flow itself never moves time");
            Assert.AreEqual("op", flow.OperationId);
            Assert.AreEqual((int)ActionKind.Send, (int)flow.Step(null).Kind);
        }

        [TestMethod]
        public void Log_TellsEveryStepAndNoSecret()
        {
            Arrange();
            _dps.Then(ScriptedExchange.Error(429, 429001, 3)).Then(ScriptedExchange.Error(401, 401002, -1))
                .Then(ScriptedExchange.Assigning("op", 3)).Then(ScriptedExchange.Assigned("op", "hub-1", "dev-1"));
            Run();
            Assert.IsTrue(_log.Contains("request 1: PUT /0ne00000A0A/registrations/nanodps-a0b1c2d3e4f5/register"));
            Assert.IsTrue(_log.Contains("throttled"));
            Assert.IsTrue(_log.Contains("assigned to hub-1 as dev-1"));
            string signature = PercentEncoder.Encode(CryptoVectors.DpsSignature);
            foreach (string line in _log.Lines)
            {
                Assert.IsTrue(line.IndexOf("SharedAccessSignature") < 0, "token in log: " + line);
                Assert.IsTrue(line.IndexOf("sig=") < 0, "signature in log: " + line);
                Assert.IsTrue(line.IndexOf(CryptoVectors.MacDerivedKey) < 0, "device key in log: " + line);
                Assert.IsTrue(line.IndexOf(signature) < 0, "signature in log: " + line);
            }
        }

        [TestMethod]
        public void Deadline_WhenTheNextWaitWouldPassIt_SaysSoAndWhen()
        {
            Arrange();
            _settings.Backoff = TwentyFortyBackoff();
            _settings.DeadlineSeconds = 30;
            _dps.Then(ScriptedExchange.Error(503, 503000, -1)).Then(ScriptedExchange.Error(503, 503000, -1));

            ProvisioningOutcome outcome = Run();

            Assert.AreEqual((int)OutcomeKind.DeadlineExceeded, (int)outcome.Kind);
            Assert.AreEqual(20000L, outcome.ElapsedMilliseconds, "the second back-off (40 s) would pass the deadline: no point waiting for it");
            Assert.IsTrue(_log.Contains("the next retry would come after the 30 s deadline: stopping now, 20.0 s in"), _log.Text());
            Assert.Contains("no assignment within deadlineSeconds (30 s). Seen: DPS failed 2 of 2 request(s) (5xx). DPS is in trouble", outcome.Hint);
        }

        [TestMethod]
        public void Deadline_PassedDuringAnAttempt_IsSaidToHavePassed()
        {
            Arrange();
            _settings.DeadlineSeconds = 30;
            ProvisioningFlow flow = NewFlow();
            Assert.AreEqual((int)ActionKind.Send, (int)flow.Step(null).Kind);
            _clock.UtcNowMilliseconds += 31000; // a stalled handshake outlived the deadline

            ProvisioningAction done = flow.Step(HttpExchangeResult.TransportFailed("TLS handshake with dps got no answer within 20 s"));

            Assert.AreEqual((int)OutcomeKind.DeadlineExceeded, (int)done.Outcome.Kind);
            Assert.IsTrue(_log.Contains("the 30 s deadline has passed: stopping now, 31.0 s in"), _log.Text());
        }

        [TestMethod]
        public void Deadline_AfterNamesThatDnsCouldNotResolveTheEndpoint_NotThrottling()
        {
            Arrange();
            _settings.Backoff = TwentyFortyBackoff();
            _settings.Endpoint = "global.azure-devices-provisioning.nett:443";
            _settings.DeadlineSeconds = 30;
            _dps.Then(HttpExchangeResult.NameNotResolved("global.azure-devices-provisioning.nett", "Name or service not known"))
                .Then(HttpExchangeResult.NameNotResolved("global.azure-devices-provisioning.nett", "Name or service not known"));

            ProvisioningOutcome outcome = Run();

            Assert.IsTrue(_log.Contains("no answer: DNS: the name global.azure-devices-provisioning.nett could not be resolved (Name or service not known)"), _log.Text());
            Assert.Contains("Seen: the name global.azure-devices-provisioning.nett could not be resolved (DNS) for 2 of 2 request(s). Check endpoint in device.json and this network's DNS", outcome.Hint);
            Assert.IsTrue(outcome.Hint.IndexOf("throttl") < 0, outcome.Hint);
        }

        [TestMethod]
        public void Deadline_AfterThrottlingAndSilence_NamesBoth()
        {
            Arrange();
            _settings.Backoff = TwentyFortyBackoff();
            _settings.DeadlineSeconds = 30;
            _dps.Then(ScriptedExchange.Error(429, 429001, 3)).Then(HttpExchangeResult.TransportFailed("TLS handshake with dps got no answer within 20 s"));

            ProvisioningOutcome outcome = Run();

            Assert.Contains("Seen: 1 of 2 request(s) got no answer (last: TLS handshake with dps got no answer within 20 s); DPS throttled 1 of 2 request(s) (429). Several things went wrong", outcome.Hint);
        }

        [TestMethod]
        public void Log_SaysWhatEachAnswerWasAndWhyEachWaitIsAsLongAsItIs()
        {
            Arrange();
            _settings.Backoff = TwentyFortyBackoff();
            _dps.Then(ScriptedExchange.Error(429, 429001, 3)).Then(ScriptedExchange.Error(429, 429001, 70)).Then(HttpExchangeResult.TransportFailed("connection reset"))
                .Then(HttpExchangeResult.Malformed(200, -1, "the answer was cut off")).Then(ScriptedExchange.Assigning("op", 3)).Then(ScriptedExchange.Assigning("op", -1))
                .Then(ScriptedExchange.Assigned("op", "h", "d"));

            Assert.IsTrue(Run().IsAssigned);

            string[] expected = new string[]
            {
                "answer: 429 throttled (error 429001 \"scripted error 429001\"); DPS asks to retry after 3 s",
                "waiting 20.0 s before registering again: back-off after 1 failure in a row, longer than the 3 s Retry-After",
                "answer: 429 throttled (error 429001 \"scripted error 429001\"); DPS asks to retry after 70 s",
                "waiting 90.0 s before registering again: the 70 s Retry-After DPS asked for plus jitter, so a fleet does not come back at once (2 failures in a row)",
                "no answer: connection reset",
                "waiting 40.0 s before registering again: back-off after 3 failures in a row",
                "answer: 200, not what DPS sends: the answer was cut off",
                "answer: 202 assigning; DPS asks to poll again after 3 s",
                "waiting 3.0 s before polling the operation, as DPS asked",
                "waiting 3.0 s before polling the operation (no Retry-After: the default 3 s)",
                "answer: 200 assigned",
            };
            foreach (string line in expected)
            {
                Assert.IsTrue(_log.Contains(line), "missing \"" + line + "\" in:\n" + _log.Text());
            }
        }

        private static Backoff TwentyFortyBackoff()
        {
            // Windows of 20 s then 40 s, jitter over the top half: the tests pin the waits without the firmware's tuned numbers.
            Backoff backoff = new Backoff();
            backoff.FirstWindowMilliseconds = 20000;
            backoff.MaxWindowMilliseconds = 40000;
            backoff.JitterPercent = 50;
            return backoff;
        }

        private static void Arrange()
        {
            Arrange(1000);
        }

        private static void Arrange(int randomPerMille)
        {
            _clock = new FakeClock(FakeClock.DefaultStart);
            _delay = new FakeDelay(_clock);
            _dps = new ScriptedExchange(_clock);
            _log = new RecordingLog();
            _random = new SequenceRandom(randomPerMille);
            _settings = new ProvisioningSettings();
            _settings.Endpoint = "global.azure-devices-provisioning.net";
            _settings.IdScope = CryptoVectors.IdScope;
            _settings.RegistrationId = CryptoVectors.MacRegistrationId;
            _settings.ApiVersion = "2021-10-01";
            _settings.DeviceKey = Convert.FromBase64String(CryptoVectors.MacDerivedKey);
            _settings.SasTtlSeconds = 3600;
            _settings.DeadlineSeconds = 1200;
        }

        private static ProvisioningFlow NewFlow()
        {
            return new ProvisioningFlow(_settings, TestPlatform.Hmac(), _clock, _random, _log);
        }

        private static ProvisioningOutcome Run()
        {
            return ProvisioningRunner.Run(NewFlow(), _dps, _delay);
        }
    }
}
