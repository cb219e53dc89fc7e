namespace NanoDps.Emulator;

/// <summary>A matched request path. <see cref="MethodAllowed"/> is false when only the method is wrong.</summary>
internal sealed record Route(RequestKind Kind, string Method, bool MethodAllowed)
{
    public string? IdScope { get; init; }
    public string? RegistrationId { get; init; }
    public string? OperationId { get; init; }
    public string? DeviceId { get; init; }

    /// <summary>The service API route, for <see cref="RequestKind.Service"/>.</summary>
    public ServiceRoute? Service { get; init; }

    public static readonly Route Unknown = new(RequestKind.Other, string.Empty, true);

    /// <summary>
    /// Matches <c>/{idScope}/registrations/{id}/register</c> (PUT), <c>/{idScope}/registrations/{id}/operations/{opId}</c> (GET),
    /// <c>/{idScope}/registrations/{id}</c> (POST) and <c>/devices/{deviceId}/messages/events</c> (POST).
    /// Literal segments are case-insensitive. Service API paths (<see cref="ServiceRoute"/>) are matched first.
    /// </summary>
    public static Route Match(string method, string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return Unknown;
        }

        if (ServiceRoute.Match(method, path) is var (service, allow))
        {
            return new Route(RequestKind.Service, allow, ServiceRoute.Allows(allow, method))
            {
                Service = service,
                // The request log's registration id: the one an individual enrollment or registration route names.
                RegistrationId = service.Resource != ServiceResource.EnrollmentGroup && service.Action is ServiceAction.Item or ServiceAction.AttestationMechanism
                    ? service.Id
                    : null,
            };
        }

        var s = path[1..].Split('/');
        foreach (var segment in s)
        {
            if (segment.Length == 0)
            {
                return Unknown;
            }
        }

        static bool Is(string a, string b) => a.Equals(b, StringComparison.OrdinalIgnoreCase);

        if (s.Length == 4 && Is(s[0], "devices") && Is(s[2], "messages") && Is(s[3], "events"))
        {
            return new Route(RequestKind.Hub, "POST", method == "POST") { DeviceId = s[1], RegistrationId = s[1] };
        }

        if (s.Length < 3 || !Is(s[1], "registrations"))
        {
            return Unknown;
        }

        return s.Length switch
        {
            4 when Is(s[3], "register") =>
                new Route(RequestKind.Register, "PUT", method == "PUT") { IdScope = s[0], RegistrationId = s[2] },
            5 when Is(s[3], "operations") =>
                new Route(RequestKind.Poll, "GET", method == "GET") { IdScope = s[0], RegistrationId = s[2], OperationId = s[4] },
            3 => new Route(RequestKind.Status, "POST", method == "POST") { IdScope = s[0], RegistrationId = s[2] },
            _ => Unknown,
        };
    }
}
