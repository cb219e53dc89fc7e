namespace NanoDps.Provisioning
{
    /// <summary>
    /// The provisioning flow as a step function. It never sleeps, sends or reads a file: given
    /// the answer to its last request (or null after a wait) it returns the next action: on the
    /// board <see cref="BootSequence"/> hands each one to <see cref="BootRunner"/>, on a PC a small
    /// blocking loop (<see cref="ProvisioningRunner"/>) drives it alone, and an event queue on a
    /// virtual clock drives thousands of them in the fleet simulation.
    /// <para>
    /// The protocol, as <see cref="Step"/> reads: mint a SAS token; PUT register; while the
    /// operation is assigning, wait Retry-After (at least 2 s) and GET the operation; stop at
    /// assigned, failed or disabled. On 429, 5xx, a transport error or a malformed answer back
    /// off and repeat the same request (a poll keeps its operationId: the registration already
    /// exists). On 401 check the clock, mint a new token and try once more. A 404 to a poll
    /// registers again once (the operation expired); otherwise 404 and 400 end the flow, as does
    /// the deadline. Every step is logged, never a key, signature or token.
    /// </para>
    /// </summary>
    public sealed class ProvisioningFlow
    {
        private readonly ProvisioningSettings _settings;
        private readonly IHmac _hmac;
        private readonly IClock _clock;
        private readonly IRandom _random;
        private readonly ILog _log;

        private bool _started;
        private bool _awaitingAnswer;
        private ProvisioningAction _done;
        private long _startMs;
        private long _deadlineMs;
        private string _token;
        private long _tokenExpiry;
        private string _operationId;
        private int _failures;
        private bool _retriedUnauthorized;
        private bool _registeredAgainAfterNotFound;
        private int _requests;

        private readonly AnswerTally _tally = new AnswerTally();

        /// <summary>Creates a flow; nothing happens until the first <see cref="Step"/>.</summary>
        public ProvisioningFlow(ProvisioningSettings settings, IHmac hmac, IClock clock, IRandom random, ILog log)
        {
            _settings = settings;
            _hmac = hmac;
            _clock = clock;
            _random = random;
            _log = log;
        }

        /// <summary>Requests sent so far.</summary>
        public int RequestCount
        {
            get { return _requests; }
        }

        /// <summary>The operation being polled, or null before DPS accepted the registration.</summary>
        public string OperationId
        {
            get { return _operationId; }
        }

        /// <summary>
        /// The next action. Pass null for the first step and after a wait; after a send, pass
        /// what the transport returned.
        /// </summary>
        public ProvisioningAction Step(HttpExchangeResult lastAnswer)
        {
            if (_done != null)
            {
                return _done;
            }

            long now = _clock.UtcNowMilliseconds;
            if (!_started)
            {
                return Start(now);
            }

            if (!_awaitingAnswer)
            {
                return SendNext(now);
            }

            _awaitingAnswer = false;
            DpsAnswer answer = DpsAnswer.Interpret(lastAnswer ?? HttpExchangeResult.TransportFailed(FlowText.NoAnswerPassed));
            bool expected = answer.Kind == AnswerKind.Assigning || answer.Kind == AnswerKind.Assigned;
            _log.Write(expected ? LogLevel.Info : LogLevel.Warning, FlowText.Answer(answer));
            _tally.Add(answer);
            switch (answer.Kind)
            {
                case AnswerKind.Assigning:
                    _operationId = answer.OperationId;
                    _failures = 0;
                    int poll = _settings.Backoff.PollDelayMilliseconds(answer.RetryAfterSeconds);
                    return WaitThenSend(now, poll, FlowText.BeforePolling(FlowText.PollReason(answer.RetryAfterSeconds, poll, _settings.Backoff)), "poll");
                case AnswerKind.Assigned:
                    _log.Write(LogLevel.Info, FlowText.Assigned(answer));
                    return Finish(now, OutcomeKind.Assigned, answer, null);
                case AnswerKind.Failed:
                    return Finish(now, OutcomeKind.Failed, answer, FlowText.FailedHint);
                case AnswerKind.Disabled:
                    return Finish(now, OutcomeKind.Disabled, answer, FlowText.DisabledHint);
                case AnswerKind.NotFound:
                    return RegisterAgainOnceIfTheOperationIsGone(now, answer);
                case AnswerKind.BadRequest:
                    return Finish(now, OutcomeKind.BadRequest, answer, FlowText.BadRequestHint);
                case AnswerKind.Unauthorized:
                    return RetryUnauthorizedOnce(now, answer);
                default:
                    return BackOff(now, answer);
            }
        }

        private ProvisioningAction Start(long now)
        {
            _started = true;
            _startMs = now;
            _deadlineMs = now + ((long)_settings.DeadlineSeconds * 1000);
            _log.Write(LogLevel.Info, FlowText.Starting(_settings));
            if (!ClockIsSane(now))
            {
                return Finish(now, OutcomeKind.ClockNotSet, null, FlowText.ClockHint(_settings.MinValidUnixSeconds));
            }

            return SendNext(now);
        }

        private ProvisioningAction SendNext(long now)
        {
            if (now >= _deadlineMs)
            {
                return StopAtTheDeadline(now, null);
            }

            EnsureToken(now);
            _requests++;
            _awaitingAnswer = true;
            DpsRequest request = _operationId == null
                ? DpsRequests.Register(_settings.Endpoint, _settings.IdScope, _settings.RegistrationId, _settings.ApiVersion, _token, _settings.PayloadJson)
                : DpsRequests.PollOperation(_settings.Endpoint, _settings.IdScope, _settings.RegistrationId, _operationId, _settings.ApiVersion, _token);
            request.TimeLimitMilliseconds = (int)(_deadlineMs - now); // no attempt outlives the deadline
            _log.Write(LogLevel.Info, FlowText.Request(_requests, request));
            return ProvisioningAction.Send(request);
        }

        private ProvisioningAction BackOff(long now, DpsAnswer answer)
        {
            _failures++;
            int delay = _settings.Backoff.RetryDelayMilliseconds(_failures, answer.RetryAfterSeconds, _random);
            return WaitThenSend(now, delay, FlowText.BeforeRetry(_operationId != null, FlowText.BackOffReason(_failures, answer.RetryAfterSeconds, delay, _settings.Backoff)), "retry");
        }

        private ProvisioningAction RetryUnauthorizedOnce(long now, DpsAnswer answer)
        {
            if (_retriedUnauthorized)
            {
                return Finish(now, OutcomeKind.Unauthorized, answer, FlowText.UnauthorizedHint);
            }

            _retriedUnauthorized = true;
            if (!ClockIsSane(now))
            {
                return Finish(now, OutcomeKind.ClockNotSet, answer, FlowText.ClockHint(_settings.MinValidUnixSeconds));
            }

            _token = null;
            _log.Write(LogLevel.Warning, FlowText.NewToken);
            return WaitThenSend(now, _settings.Backoff.MinIntervalMilliseconds, FlowText.BeforeNewToken, "retry");
        }

        private ProvisioningAction RegisterAgainOnceIfTheOperationIsGone(long now, DpsAnswer answer)
        {
            // An operation DPS no longer knows (expired, or the service restarted) is not a missing
            // enrollment: a fresh registration gets a new one. Only once, so a real 404 still ends.
            if (_operationId == null || _registeredAgainAfterNotFound)
            {
                return Finish(now, OutcomeKind.NotFound, answer, FlowText.NotFoundHint);
            }

            _registeredAgainAfterNotFound = true;
            _operationId = null;
            _log.Write(LogLevel.Warning, FlowText.OperationGone);
            return WaitThenSend(now, _settings.Backoff.MinIntervalMilliseconds, FlowText.BeforeRegisteringAgain, "registration");
        }

        private ProvisioningAction WaitThenSend(long now, int delayMs, string why, string next)
        {
            if (now + delayMs >= _deadlineMs)
            {
                return StopAtTheDeadline(now, next);
            }

            _log.Write(LogLevel.Info, FlowText.Waiting(delayMs, why));
            return ProvisioningAction.Wait(delayMs);
        }

        private ProvisioningAction StopAtTheDeadline(long now, string next)
        {
            _log.Write(LogLevel.Warning, FlowText.Stopping(now >= _deadlineMs || next == null, next, _settings.DeadlineSeconds, now - _startMs));
            return Finish(now, OutcomeKind.DeadlineExceeded, null, _tally.DeadlineHint(_requests, HostPort.Host(_settings.Endpoint ?? string.Empty), _settings.DeadlineSeconds));
        }

        private ProvisioningAction Finish(long now, OutcomeKind kind, DpsAnswer answer, string hint)
        {
            if (hint != null)
            {
                _log.Write(LogLevel.Error, hint);
            }

            _done = ProvisioningAction.Done(new ProvisioningOutcome(kind, answer, hint, _requests, now - _startMs));
            return _done;
        }

        private void EnsureToken(long now)
        {
            long nowSeconds = now / 1000;
            int margin = _settings.SasTtlSeconds / 10;
            if (_token != null && nowSeconds + margin < _tokenExpiry)
            {
                return;
            }

            _tokenExpiry = nowSeconds + _settings.SasTtlSeconds;
            _token = SasToken.Create(SasToken.DpsResource(_settings.IdScope, _settings.RegistrationId), _settings.DeviceKey, _tokenExpiry, SasToken.RegistrationKeyName, _hmac);
            _log.Write(LogLevel.Info, FlowText.TokenMinted(_tokenExpiry));
        }

        private bool ClockIsSane(long now)
        {
            return now / 1000 >= _settings.MinValidUnixSeconds;
        }
    }
}
