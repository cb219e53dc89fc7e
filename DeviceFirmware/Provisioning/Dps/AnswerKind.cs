namespace NanoDps.Provisioning
{
    /// <summary>The one meaning the core gives each DPS answer.</summary>
    public enum AnswerKind
    {
        /// <summary>202 or 200 with status assigning/unassigned: poll the operation again later.</summary>
        Assigning = 0,

        /// <summary>200 with status assigned: hub and device id are known.</summary>
        Assigned = 1,

        /// <summary>200 with status failed: DPS could not assign (error code and message).</summary>
        Failed = 2,

        /// <summary>200 with status disabled: the enrollment or registration is disabled.</summary>
        Disabled = 3,

        /// <summary>401 or 403: the token was refused.</summary>
        Unauthorized = 4,

        /// <summary>404: no such enrollment, scope or operation.</summary>
        NotFound = 5,

        /// <summary>400 or another 4xx: the request itself is wrong; retrying it cannot help.</summary>
        BadRequest = 6,

        /// <summary>429: over a DPS quota.</summary>
        Throttled = 7,

        /// <summary>5xx: DPS is in trouble.</summary>
        ServerError = 8,

        /// <summary>No HTTP answer at all: DNS, connect, TLS, timeout, connection reset.</summary>
        TransportError = 9,

        /// <summary>An answer that is not what DPS sends: bad, cut-off or incomplete body, odd status.</summary>
        Malformed = 10,
    }
}
