namespace NanoDps.Provisioning
{
    /// <summary>
    /// Every sentence the provisioning flow writes to the log or gives as a hint, so that the
    /// wording can be read and weighed in one place, apart from the protocol in
    /// <see cref="ProvisioningFlow"/>. docs/firmware.md's log table explains each line.
    /// </summary>
    internal static class FlowText
    {
        internal const string FailedHint = "DPS could not assign a hub: check the enrollment's linked hubs and allocation policy (custom allocation function, payload)";
        internal const string DisabledHint = "the enrollment or this device's registration is disabled in DPS: enable it in the portal";
        internal const string BadRequestHint = "DPS rejected the request: check apiVersion, the registration id and the payload";
        internal const string NotFoundHint = "DPS knows no such registration or operation: check idScope and that an enrollment covers this registration id";
        internal const string UnauthorizedHint = "DPS refused the SAS token (401). Likely causes: the enrollment group key used directly instead of the derived device key; "
            + "the clock is wrong; the registration id differs in case from the enrollment; the key was regenerated (primary/secondary)";
        internal const string NewToken = "401: the clock looks sane; minting a new token and trying once more";
        internal const string BeforeNewToken = "before retrying with the new token";
        internal const string OperationGone = "404: DPS no longer knows the operation; registering again";
        internal const string BeforeRegisteringAgain = "before registering again";
        internal const string NoAnswerPassed = "no answer was passed to the flow";

        internal static string Starting(ProvisioningSettings settings)
        {
            return "provisioning " + settings.RegistrationId + " in scope " + settings.IdScope + " at " + settings.Endpoint;
        }

        internal static string Request(int number, DpsRequest request)
        {
            return "request " + number.ToString() + ": " + request.Method + " " + request.PathAndQuery;
        }

        internal static string TokenMinted(long expiryUnixSeconds)
        {
            return "SAS token minted, valid until " + expiryUnixSeconds.ToString() + " (Unix seconds)";
        }

        internal static string Assigned(DpsAnswer answer)
        {
            return "assigned to " + answer.AssignedHub + " as " + answer.DeviceId + " (" + answer.Substatus + ")";
        }

        internal static string BeforePolling(string reason)
        {
            return "before polling the operation" + reason;
        }

        internal static string BeforeRetry(bool polling, string reason)
        {
            return "before " + (polling ? "polling the same operation again" : "registering again") + ": " + reason;
        }

        internal static string Waiting(int delayMilliseconds, string why)
        {
            return "waiting " + Seconds(delayMilliseconds) + " s " + why;
        }

        internal static string Stopping(bool passed, string next, int deadlineSeconds, long elapsedMilliseconds)
        {
            // Said as it is: often the deadline has not passed yet, but waiting for the next request would pass it.
            string deadline = deadlineSeconds.ToString() + " s deadline";
            return (passed ? "the " + deadline + " has passed" : "the next " + next + " would come after the " + deadline)
                + ": stopping now, " + Seconds(elapsedMilliseconds) + " s in";
        }

        internal static string ClockHint(long minValidUnixSeconds)
        {
            return "the clock reads before " + minValidUnixSeconds.ToString() + " (Unix seconds): SNTP has not set it, so TLS and SAS tokens cannot work";
        }

        /// <summary>Why a back-off waits as long as it does: its own window, or a longer Retry-After it honours.</summary>
        internal static string BackOffReason(int failures, int retryAfterSeconds, int delay, Backoff backoff)
        {
            string inARow = failures == 1 ? "1 failure in a row" : failures.ToString() + " failures in a row";
            if (retryAfterSeconds < 0)
            {
                return "back-off after " + inARow;
            }

            if (delay <= backoff.WindowMilliseconds(failures))
            {
                return "back-off after " + inARow + ", longer than the " + retryAfterSeconds.ToString() + " s Retry-After";
            }

            int honoured = retryAfterSeconds > backoff.MaxRetryAfterSeconds ? backoff.MaxRetryAfterSeconds : retryAfterSeconds;
            return "the " + honoured.ToString() + " s Retry-After DPS asked for"
                + (honoured < retryAfterSeconds ? " (" + retryAfterSeconds.ToString() + " s, capped)" : string.Empty)
                + " plus jitter, so a fleet does not come back at once (" + inARow + ")";
        }

        /// <summary>Why a poll waits as long as it does, next to the Retry-After DPS asked for.</summary>
        internal static string PollReason(int retryAfterSeconds, int delay, Backoff backoff)
        {
            if (retryAfterSeconds < 0)
            {
                return " (no Retry-After: the default " + backoff.DefaultRetryAfterSeconds.ToString() + " s)";
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

        /// <summary>An answer in one line: "answer: 202 assigning; DPS asks to poll again after 3 s", or why none came.</summary>
        internal static string Answer(DpsAnswer answer)
        {
            if (answer.HttpStatus == 0)
            {
                return "no answer: " + answer.Detail;
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

            if (answer.RetryAfterSeconds >= 0 && answer.Kind != AnswerKind.Assigned)
            {
                text += "; DPS asks to " + (answer.Kind == AnswerKind.Assigning ? "poll again" : "retry") + " after " + answer.RetryAfterSeconds.ToString() + " s";
            }

            return text;
        }

        /// <summary>The name of an answer kind (Enum.ToString gives the number on nanoFramework).</summary>
        internal static string KindName(AnswerKind kind)
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

        internal static string Seconds(long milliseconds)
        {
            long tenths = milliseconds / 100;
            return (tenths / 10).ToString() + "." + (tenths % 10).ToString();
        }
    }
}
