namespace NanoDps.Emulator;

/// <summary>What a service API path names.</summary>
internal enum ServiceResource
{
    IndividualEnrollment,
    EnrollmentGroup,
    Registration,
}

/// <summary>What is done to it.</summary>
internal enum ServiceAction
{
    /// <summary>PUT, GET or DELETE of one enrollment or registration.</summary>
    Item,

    /// <summary><c>POST /enrollments/query</c>, <c>POST /enrollmentGroups/query</c>.</summary>
    Query,

    /// <summary><c>POST .../{id}/attestationmechanism</c>.</summary>
    AttestationMechanism,

    /// <summary><c>POST /enrollments</c>, <c>POST /enrollmentGroups</c>.</summary>
    Bulk,

    /// <summary><c>POST /registrations/{enrollmentGroupId}/query</c>.</summary>
    GroupRegistrationsQuery,
}

/// <summary>
/// A matched service API path. The first segment is a literal (<c>enrollments</c>, <c>enrollmentGroups</c>,
/// <c>registrations</c>), and every literal is compared ignoring case (Node sends <c>enrollmentgroups</c>
/// for the attestation call); one trailing slash is allowed (Node's bulk posts to <c>/enrollments/</c>).
/// </summary>
internal sealed record ServiceRoute(ServiceResource Resource, ServiceAction Action, string? Id)
{
    /// <summary>The route of <paramref name="path"/> for <paramref name="method"/> and the methods its path allows; null when it is no service path.</summary>
    public static (ServiceRoute Route, string Allow)? Match(string method, string path)
    {
        // Device API paths (/{idScope}/...) are the hot ones: turn them away before splitting.
        if (!path.StartsWith("/enrollment", StringComparison.OrdinalIgnoreCase) && !path.StartsWith("/registrations", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (path.Length > 1 && path[^1] == '/')
        {
            path = path[..^1];
        }

        var s = path[1..].Split('/');
        if (s.Any(segment => segment.Length == 0))
        {
            return null;
        }

        var resource = s[0] switch
        {
            _ when Is(s[0], "enrollments") => ServiceResource.IndividualEnrollment,
            _ when Is(s[0], "enrollmentGroups") => ServiceResource.EnrollmentGroup,
            _ when Is(s[0], "registrations") => ServiceResource.Registration,
            _ => (ServiceResource?)null,
        };
        if (resource is not { } r)
        {
            return null;
        }

        return (r, s.Length) switch
        {
            (not ServiceResource.Registration, 1) => (new ServiceRoute(r, ServiceAction.Bulk, null), "POST"),

            // "query" is also a valid id: POST queries, the other methods reach the enrollment named "query".
            (not ServiceResource.Registration, 2) when Is(s[1], "query") =>
                (new ServiceRoute(r, method == "POST" ? ServiceAction.Query : ServiceAction.Item, s[1]), "GET, PUT, DELETE, POST"),
            (not ServiceResource.Registration, 2) => (new ServiceRoute(r, ServiceAction.Item, s[1]), "GET, PUT, DELETE"),
            (not ServiceResource.Registration, 3) when Is(s[2], "attestationmechanism") =>
                (new ServiceRoute(r, ServiceAction.AttestationMechanism, s[1]), "POST"),
            (ServiceResource.Registration, 2) => (new ServiceRoute(r, ServiceAction.Item, s[1]), "GET, DELETE"),
            (ServiceResource.Registration, 3) when Is(s[2], "query") => (new ServiceRoute(r, ServiceAction.GroupRegistrationsQuery, s[1]), "POST"),
            _ => null,
        };
    }

    /// <summary>True when <paramref name="method"/> is one of <paramref name="allow"/> (<c>"GET, PUT"</c>).</summary>
    public static bool Allows(string allow, string method) =>
        allow.Split(", ").Contains(method, StringComparer.Ordinal);

    private static bool Is(string a, string b) => a.Equals(b, StringComparison.OrdinalIgnoreCase);
}
