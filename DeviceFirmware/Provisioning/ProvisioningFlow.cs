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

        // What the answers were, for a deadline hint that names what actually went wrong.
        private int _unresolved;
        private int _noAnswer;
        private string _lastNoAnswer;
        private int _throttled;
        private int _serverErrors;
        private int _unusable;
        private string _lastUnusable;
        private int _stillAssigning;

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
            Tally(answer);
            switch (answer.Kind)
            {
                case AnswerKind.Assigning:
                    _operationId = answer.OperationId;
                    _failures = 0;
                    int poll = _settings.Backoff.PollDelayMilliseconds(answer.RetryAfterSeconds);
                    return WaitThenSend(now, poll, "before polling the operation" + PollReason(answer.RetryAfterSeconds, poll), "poll");
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
                return StopAtTheDeadline(now, null);
            }

            EnsureToken(now);
            _requests++;
            _awaitingAnswer = true;
            DpsRequest request = _operationId == null
                ? DpsRequests.Register(_settings.Endpoint, _settings.IdScope, _settings.RegistrationId, _settings.ApiVersion, _token, _settings.PayloadJson)
                : DpsRequests.PollOperation(_settings.Endpoint, _settings.IdScope, _settings.RegistrationId, _operationId, _settings.ApiVersion, _token);
            request.TimeLimitMilliseconds = (int)(_deadlineMs - now); // no attempt outlives the deadline
            _log.Write(LogLevel.Info, "request " + _requests.ToString() + ": " + request.Method + " " + request.PathAndQuery);
            return ProvisioningAction.Send(request);
        }

        private ProvisioningAction BackOff(long now, DpsAnswer answer)
        {
            _failures++;
            int delay = _settings.Backoff.RetryDelayMilliseconds(_failures, answer.RetryAfterSeconds, _random);
            string again = _operationId == null ? "registering again" : "polling the same operation again";
            return WaitThenSend(now, delay, "before " + again + ": " + BackOffReason(answer.RetryAfterSeconds, delay), "retry");
        }

        private string BackOffReason(int retryAfterSeconds, int delay)
        {
            // The wait is the back-off's own (at most its window) unless a longer Retry-After lifted it.
            string failures = _failures == 1 ? "1 failure in a row" : _failures.ToString() + " failures in a row";
            if (retryAfterSeconds < 0)
            {
                return "back-off after " + failures;
            }

            if (delay <= _settings.Backoff.WindowMilliseconds(_failures))
            {
                return "back-off after " + failures + ", longer than the " + retryAfterSeconds.ToString() + " s Retry-After";
            }

            int honoured = retryAfterSeconds > _settings.Backoff.MaxRetryAfterSeconds ? _settings.Backoff.MaxRetryAfterSeconds : retryAfterSeconds;
            return "the " + honoured.ToString() + " s Retry-After DPS asked for"
                + (honoured < retryAfterSeconds ? " (" + retryAfterSeconds.ToString() + " s, capped)" : string.Empty)
                + " plus jitter, so a fleet does not come back at once (" + failures + ")";
        }

        private string PollReason(int retryAfterSeconds, int delay)
        {
            if (retryAfterSeconds < 0)
            {
                return " (no Retry-After: the default " + _settings.Backoff.DefaultRetryAfterSeconds.ToString() + " s)";
            }

            if (delay > retryAfterSeconds * 1000)
            {
                return " (DPS asked for " + retryAfterSeconds.ToString() + " s; at least " + Seconds(delay) + " s between polls: DPS allows 5 polls per 10 s)";
            }

            if (delay < retryAfterSeconds * 1000)
            {
                return " (DPS asked for " + retryAfterSeconds.ToString() + " s; at most " + Seconds(delay) + " s are honoured)";
            }

            return ", as DPS asked";
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
            return WaitThenSend(now, _settings.Backoff.MinIntervalMilliseconds, "before retrying with the new token", "retry");
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
            return WaitThenSend(now, _settings.Backoff.MinIntervalMilliseconds, "before registering again", "registration");
        }

        private ProvisioningAction WaitThenSend(long now, int delayMs, string why, string next)
        {
            if (now + delayMs >= _deadlineMs)
            {
                return StopAtTheDeadline(now, next);
            }

            _log.Write(LogLevel.Info, "waiting " + Seconds(delayMs) + " s " + why);
            return ProvisioningAction.Wait(delayMs);
        }

        private ProvisioningAction StopAtTheDeadline(long now, string next)
        {
            // Said as it is: often the deadline has not passed yet, but waiting for the next request would pass it.
            string deadline = _settings.DeadlineSeconds.ToString() + " s deadline";
            _log.Write(LogLevel.Warning, (now >= _deadlineMs || next == null ? "the " + deadline + " has passed" : "the next " + next + " would come after the " + deadline)
                + ": stopping now, " + Seconds(now - _startMs) + " s in");
            return Finish(now, OutcomeKind.DeadlineExceeded, null, DeadlineHint());
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
            // Named after what the answers were, not guessed: a name DNS cannot resolve is not a throttled fleet.
            string total = " of " + _requests.ToString() + " request(s)";
            string seen = string.Empty;
            seen = Also(seen, _unresolved, "the name " + EndpointHost() + " could not be resolved (DNS) for " + _unresolved.ToString() + total);
            seen = Also(seen, _noAnswer, _noAnswer.ToString() + total + " got no answer (last: " + _lastNoAnswer + ")");
            seen = Also(seen, _throttled, "DPS throttled " + _throttled.ToString() + total + " (429)");
            seen = Also(seen, _serverErrors, "DPS failed " + _serverErrors.ToString() + total + " (5xx)");
            seen = Also(seen, _unusable, _unusable.ToString() + total + " got an answer that could not be used (last: " + _lastUnusable + ")");
            if (seen.Length == 0)
            {
                seen = "DPS answered 'assigning' " + _stillAssigning.ToString() + " time(s) and had not assigned yet";
            }

            string advice;
            int failures = _unresolved + _noAnswer + _throttled + _serverErrors + _unusable;
            if (failures == 0)
            {
                advice = "DPS is slow to assign";
            }
            else if (failures == _unresolved)
            {
                advice = "Check endpoint in device.json and this network's DNS";
            }
            else if (failures == _unresolved + _noAnswer)
            {
                advice = "Check the network path to " + EndpointHost() + " (firewall, proxy, port) and the TLS roots";
            }
            else if (failures == _throttled)
            {
                advice = "DPS is throttling, as when a large fleet boots at once";
            }
            else if (failures == _serverErrors)
            {
                advice = "DPS is in trouble";
            }
            else
            {
                advice = "Several things went wrong";
            }

            return "no assignment within deadlineSeconds (" + _settings.DeadlineSeconds.ToString() + " s). Seen: " + seen + ". " + advice + "; the device tries again later";
        }

        private static string Also(string text, int count, string part)
        {
            if (count == 0)
            {
                return text;
            }

            return text.Length == 0 ? part : text + "; " + part;
        }

        private string EndpointHost()
        {
            string endpoint = _settings.Endpoint ?? string.Empty;
            int colon = endpoint.IndexOf(':');
            return colon < 0 ? endpoint : endpoint.Substring(0, colon);
        }

        private void Tally(DpsAnswer answer)
        {
            switch (answer.Kind)
            {
                case AnswerKind.Assigning:
                    _stillAssigning++;
                    break;
                case AnswerKind.Throttled:
                    _throttled++;
                    break;
                case AnswerKind.ServerError:
                    _serverErrors++;
                    break;
                case AnswerKind.TransportError:
                    if (answer.IsNameNotResolved)
                    {
                        _unresolved++;
                    }
                    else
                    {
                        _noAnswer++;
                        _lastNoAnswer = answer.Detail;
                    }

                    break;
                case AnswerKind.Malformed:
                    _unusable++;
                    _lastUnusable = answer.Detail;
                    break;
            }
        }

        private void LogAnswer(DpsAnswer answer)
        {
            if (answer.HttpStatus == 0)
            {
                _log.Write(LogLevel.Warning, "no answer: " + answer.Detail);
                return;
            }

            string text = "answer: " + answer.HttpStatus.ToString();
            if (answer.Kind == AnswerKind.Malformed)
            {
                text += ", not what DPS sends: " + (answer.Detail ?? "no operation or assignment in it");
            }
            else
            {
                text += " " + KindName(answer.Kind);
                if (answer.ErrorCode != 0)
                {
                    text += " (error " + answer.ErrorCode.ToString() + (answer.ErrorMessage == null ? string.Empty : " \"" + answer.ErrorMessage + "\"") + ")";
                }
                else if (answer.Detail != null)
                {
                    text += " (" + answer.Detail + ")";
                }
            }

            bool ok = answer.Kind == AnswerKind.Assigning || answer.Kind == AnswerKind.Assigned;
            if (answer.RetryAfterSeconds >= 0 && answer.Kind != AnswerKind.Assigned)
            {
                text += "; DPS asks to " + (answer.Kind == AnswerKind.Assigning ? "poll again" : "retry") + " after " + answer.RetryAfterSeconds.ToString() + " s";
            }

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

        private static string Seconds(long milliseconds)
        {
            long tenths = milliseconds / 100;
            return (tenths / 10).ToString() + "." + (tenths % 10).ToString();
        }
    }
}
