namespace NanoDps.Provisioning
{
    /// <summary>How a provisioning flow ended.</summary>
    public enum OutcomeKind
    {
        /// <summary>DPS assigned a hub.</summary>
        Assigned = 0,

        /// <summary>DPS answered "failed" (e.g. custom allocation failed, no linked hub).</summary>
        Failed = 1,

        /// <summary>The enrollment or the registration is disabled.</summary>
        Disabled = 2,

        /// <summary>401/403 twice, the second time with a freshly minted token.</summary>
        Unauthorized = 3,

        /// <summary>404: no enrollment, scope or operation.</summary>
        NotFound = 4,

        /// <summary>400 or another 4xx: the request is wrong.</summary>
        BadRequest = 5,

        /// <summary>The clock is before the earliest plausible time: SNTP has not set it.</summary>
        ClockNotSet = 6,

        /// <summary>No terminal answer before the deadline.</summary>
        DeadlineExceeded = 7,
    }
}
