namespace NanoDps.Provisioning
{
    /// <summary>
    /// The provisioning flow as a step function. It never sleeps, sends or reads a file: given
    /// the answer to its last request (or null after a wait) it returns the next action, so a
    /// small blocking loop drives it on the board (<see cref="ProvisioningRunner"/>) and an event
    /// queue on a virtual clock drives thousands of them in the fleet simulation.
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
            DpsAnswer answer = DpsAnswer.Interpret(lastAnswer ?? HttpExchangeResult.TransportFailed("no answer was passed to the flow"));
            LogAnswer(answer);
            switch (answer.Kind)
            {
                case AnswerKind.Assigning:
                    _operationId = answer.OperationId;
                    _failures = 0;
                    return WaitThenSend(now, _settings.Backoff.PollDelayMilliseconds(answer.RetryAfterSeconds), "before polling the operation");
                case AnswerKind.Assigned:
                    _log.Write(LogLevel.Info, "assigned to " + answer.AssignedHub + " as " + answer.DeviceId + " (" + answer.Substatus + ")");
                    return Finish(now, OutcomeKind.Assigned, answer, null);
                case AnswerKind.Failed:
                    return Finish(now, OutcomeKind.Failed, answer, "DPS could not assign a hub: check the enrollment's linked hubs and allocation policy (custom allocation function, payload)");
                case AnswerKind.Disabled:
                    return Finish(now, OutcomeKind.Disabled, answer, "the enrollment or this device's registration is disabled in DPS: enable it in the portal");
                case AnswerKind.NotFound:
                    return RegisterAgainOnceIfTheOperationIsGone(now, answer);
                case AnswerKind.BadRequest:
                    return Finish(now, OutcomeKind.BadRequest, answer, "DPS rejected the request: check apiVersion, the registration id and the payload");
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
            _log.Write(LogLevel.Info, "provisioning " + _settings.RegistrationId + " in scope " + _settings.IdScope + " at " + _settings.Endpoint);
            if (!ClockIsSane(now))
            {
                return Finish(now, OutcomeKind.ClockNotSet, null, ClockHint());
            }

            return SendNext(now);
        }

        private ProvisioningAction SendNext(long now)
        {
            if (now >= _deadlineMs)
            {
                return Finish(now, OutcomeKind.DeadlineExceeded, null, DeadlineHint());
            }

            EnsureToken(now);
            _requests++;
            _awaitingAnswer = true;
            DpsRequest request = _operationId == null
                ? DpsRequests.Register(_settings.Endpoint, _settings.IdScope, _settings.RegistrationId, _settings.ApiVersion, _token, _settings.PayloadJson)
                : DpsRequests.PollOperation(_settings.Endpoint, _settings.IdScope, _settings.RegistrationId, _operationId, _settings.ApiVersion, _token);
            _log.Write(LogLevel.Info, "request " + _requests.ToString() + ": " + request.Method + " " + request.PathAndQuery);
            return ProvisioningAction.Send(request);
        }

        private ProvisioningAction BackOff(long now, DpsAnswer answer)
        {
            _failures++;
            int delay = _settings.Backoff.RetryDelayMilliseconds(_failures, answer.RetryAfterSeconds, _random);
            string again = _operationId == null ? "registering again" : "polling the same operation again";
            return WaitThenSend(now, delay, "before " + again + " (failure " + _failures.ToString() + " in a row)");
        }

        private ProvisioningAction RetryUnauthorizedOnce(long now, DpsAnswer answer)
        {
            string hint = "DPS refused the SAS token (401). Likely causes: the enrollment group key used directly instead of the derived device key; "
                + "the clock is wrong; the registration id differs in case from the enrollment; the key was regenerated (primary/secondary)";
            if (_retriedUnauthorized)
            {
                return Finish(now, OutcomeKind.Unauthorized, answer, hint);
            }

            _retriedUnauthorized = true;
            if (!ClockIsSane(now))
            {
                return Finish(now, OutcomeKind.ClockNotSet, answer, ClockHint());
            }

            _token = null;
            _log.Write(LogLevel.Warning, "401: the clock looks sane; minting a new token and trying once more");
            return WaitThenSend(now, _settings.Backoff.MinIntervalMilliseconds, "before retrying with the new token");
        }

        private ProvisioningAction RegisterAgainOnceIfTheOperationIsGone(long now, DpsAnswer answer)
        {
            // An operation DPS no longer knows (expired, or the service restarted) is not a missing
            // enrollment: a fresh registration gets a new one. Only once, so a real 404 still ends.
            if (_operationId == null || _registeredAgainAfterNotFound)
            {
                return Finish(now, OutcomeKind.NotFound, answer, "DPS knows no such registration or operation: check idScope and that an enrollment covers this registration id");
            }

            _registeredAgainAfterNotFound = true;
            _operationId = null;
            _log.Write(LogLevel.Warning, "404: DPS no longer knows the operation; registering again");
            return WaitThenSend(now, _settings.Backoff.MinIntervalMilliseconds, "before registering again");
        }

        private ProvisioningAction WaitThenSend(long now, int delayMs, string why)
        {
            if (now + delayMs >= _deadlineMs)
            {
                return Finish(now, OutcomeKind.DeadlineExceeded, null, DeadlineHint());
            }

            _log.Write(LogLevel.Info, "waiting " + Seconds(delayMs) + " s " + why);
            return ProvisioningAction.Wait(delayMs);
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
            _log.Write(LogLevel.Info, "SAS token minted, valid until " + _tokenExpiry.ToString() + " (Unix seconds)");
        }

        private bool ClockIsSane(long now)
        {
            return now / 1000 >= _settings.MinValidUnixSeconds;
        }

        private string ClockHint()
        {
            return "the clock reads before " + _settings.MinValidUnixSeconds.ToString() + " (Unix seconds): SNTP has not set it, so TLS and SAS tokens cannot work";
        }

        private string DeadlineHint()
        {
            return "no assignment within deadlineSeconds (" + _settings.DeadlineSeconds.ToString() + "): the network may be down or DPS is throttling a large fleet; the device tries again later";
        }

        private void LogAnswer(DpsAnswer answer)
        {
            string text = "answer: " + (answer.HttpStatus == 0 ? "no HTTP answer" : answer.HttpStatus.ToString()) + " " + KindName(answer.Kind);
            if (answer.ErrorCode != 0)
            {
                text += ", error " + answer.ErrorCode.ToString() + " " + answer.ErrorMessage;
            }

            if (answer.Detail != null)
            {
                text += " (" + answer.Detail + ")";
            }

            if (answer.RetryAfterSeconds >= 0)
            {
                text += ", Retry-After " + answer.RetryAfterSeconds.ToString() + " s";
            }

            bool ok = answer.Kind == AnswerKind.Assigning || answer.Kind == AnswerKind.Assigned;
            _log.Write(ok ? LogLevel.Info : LogLevel.Warning, text);
        }

        /// <summary>The name of an answer kind (Enum.ToString gives the number on nanoFramework).</summary>
        public static string KindName(AnswerKind kind)
        {
            switch (kind)
            {
                case AnswerKind.Assigning: return "assigning";
                case AnswerKind.Assigned: return "assigned";
                case AnswerKind.Failed: return "failed";
                case AnswerKind.Disabled: return "disabled";
                case AnswerKind.Unauthorized: return "unauthorized";
                case AnswerKind.NotFound: return "not found";
                case AnswerKind.BadRequest: return "bad request";
                case AnswerKind.Throttled: return "throttled";
                case AnswerKind.ServerError: return "server error";
                case AnswerKind.TransportError: return "transport error";
                default: return "malformed answer";
            }
        }

        private static string Seconds(int milliseconds)
        {
            int tenths = milliseconds / 100;
            return (tenths / 10).ToString() + "." + (tenths % 10).ToString();
        }
    }
}
