namespace NanoDps.Provisioning
{
    /// <summary>
    /// What the answers of one provisioning flow were, counted by kind, so that a flow that runs
    /// out of time says what actually went wrong (a name DNS cannot resolve is not a throttled fleet).
    /// </summary>
    internal sealed class AnswerTally
    {
        private int _unresolved;
        private int _noAnswer;
        private string _lastNoAnswer;
        private int _throttled;
        private int _serverErrors;
        private int _unusable;
        private string _lastUnusable;
        private int _stillAssigning;

        /// <summary>Counts <paramref name="answer"/>.</summary>
        internal void Add(DpsAnswer answer)
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

        /// <summary>The hint of a flow that reached its deadline after <paramref name="requests"/> requests to <paramref name="host"/>.</summary>
        internal string DeadlineHint(int requests, string host, int deadlineSeconds)
        {
            string total = " of " + requests.ToString() + " request(s)";
            string seen = string.Empty;
            seen = Also(seen, _unresolved, "the name " + host + " could not be resolved (DNS) for " + _unresolved.ToString() + total);
            seen = Also(seen, _noAnswer, _noAnswer.ToString() + total + " got no answer (last: " + _lastNoAnswer + ")");
            seen = Also(seen, _throttled, "DPS throttled " + _throttled.ToString() + total + " (429)");
            seen = Also(seen, _serverErrors, "DPS failed " + _serverErrors.ToString() + total + " (5xx)");
            seen = Also(seen, _unusable, _unusable.ToString() + total + " got an answer that could not be used (last: " + _lastUnusable + ")");
            if (seen.Length == 0)
            {
                seen = "DPS answered 'assigning' " + _stillAssigning.ToString() + " time(s) and had not assigned yet";
            }

            return "no assignment within deadlineSeconds (" + deadlineSeconds.ToString() + " s). Seen: " + seen + ". " + Advice(host) + "; the device tries again later";
        }

        private string Advice(string host)
        {
            int failures = _unresolved + _noAnswer + _throttled + _serverErrors + _unusable;
            if (failures == 0)
            {
                return "DPS is slow to assign";
            }

            if (failures == _unresolved)
            {
                return "Check endpoint in device.json and this network's DNS";
            }

            if (failures == _unresolved + _noAnswer)
            {
                return "Check the network path to " + host + " (firewall, proxy, port) and the TLS roots";
            }

            if (failures == _throttled)
            {
                return "DPS is throttling, as when a large fleet boots at once";
            }

            return failures == _serverErrors ? "DPS is in trouble" : "Several things went wrong";
        }

        private static string Also(string text, int count, string part)
        {
            if (count == 0)
            {
                return text;
            }

            return text.Length == 0 ? part : text + "; " + part;
        }
    }
}
