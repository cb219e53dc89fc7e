using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>One API (device, hub, service): what <see cref="RequestChecks"/> checks, and the handler it passes the request to.</summary>
/// <param name="ApiVersions">The api-versions it accepts.</param>
/// <param name="Errors">Its error format.</param>
/// <param name="InvalidIdentifier">400 for an identifier in the path that is not valid, or null.</param>
/// <param name="Authenticator">Its credentials check.</param>
/// <param name="Describe">What a request is, for the 401 log line: <c>Register of dev-1</c>.</param>
/// <param name="Handle">The handler, given what the credentials proved.</param>
internal sealed record Api(
    IReadOnlySet<string> ApiVersions,
    IApiErrors Errors,
    Func<Route, EmulatorResponse?> InvalidIdentifier,
    IRequestAuthenticator Authenticator,
    Func<HttpRequest, Route, string> Describe,
    Func<HttpRequest, Route, Caller, Task<EmulatorResponse>> Handle);

/// <summary>
/// The checks every request of the device API, the hub and the service API passes before its
/// handler, in this order: api-version (400), identifiers (400), [quota (429) when throttling before
/// authentication], authentication (401), [quota (429)].
/// </summary>
internal sealed class RequestChecks
{
    private readonly QuotaGate _quotas;
    private readonly bool _throttleFirst;
    private readonly ILogger _logger;

    public RequestChecks(QuotaGate quotas, QuotaOptions options, ILogger logger)
    {
        _quotas = quotas;
        _throttleFirst = options.ThrottleBeforeAuthentication;
        _logger = logger;
    }

    /// <summary>The refusal, or null with <paramref name="caller"/> set when the request may go to its handler.</summary>
    public EmulatorResponse? Refusal(HttpRequest request, Route route, Api api, out Caller caller)
    {
        caller = Caller.Nobody;
        var apiVersion = request.Query["api-version"];
        if (apiVersion.Count != 1 || !api.ApiVersions.Contains(apiVersion[0]!))
        {
            return api.Errors.UnsupportedApiVersion(apiVersion, api.ApiVersions);
        }

        if (api.InvalidIdentifier(route) is { } invalid)
        {
            return invalid;
        }

        if (_throttleFirst && Throttled(route, api) is { } early)
        {
            return early;
        }

        var failure = api.Authenticator.Authenticate(request, route, out caller);
        if (failure != AuthFailure.None)
        {
            _logger.LogInformation("401 for {Request}: {Reason}.", api.Describe(request, route), failure.Describe());
            return api.Errors.Unauthorized(failure);
        }

        return !_throttleFirst && Throttled(route, api) is { } late ? late : null;
    }

    private EmulatorResponse? Throttled(Route route, Api api) =>
        _quotas.Check(route.Kind, route.Kind == RequestKind.Service ? string.Empty : route.RegistrationId ?? string.Empty) is { } t
            ? api.Errors.Throttled(t.Code, t.Message)
            : null;
}
