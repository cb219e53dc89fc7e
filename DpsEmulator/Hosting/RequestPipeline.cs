using Microsoft.AspNetCore.Connections.Features;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// Every request goes through here: route, inject the fault (if any), check it (<see cref="RequestChecks"/>),
/// run its API's handler, write the answer (or cut it short), and log it.
/// </summary>
internal sealed class RequestPipeline
{
    private readonly RequestChecks _checks;
    private readonly Api _device;
    private readonly Api _hub;
    private readonly Api _service;
    private readonly DeviceErrors _deviceErrors;
    private readonly HubErrors _hubErrors;
    private readonly FaultInjector _faults;
    private readonly RequestLog _log;
    private readonly DpsEmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RequestPipeline(
        RequestChecks checks, Api device, Api hub, Api service, DeviceErrors deviceErrors, HubErrors hubErrors,
        FaultInjector faults, RequestLog log, DpsEmulatorOptions options, ILogger logger)
    {
        _checks = checks;
        _device = device;
        _hub = hub;
        _service = service;
        _deviceErrors = deviceErrors;
        _hubErrors = hubErrors;
        _faults = faults;
        _log = log;
        _options = options;
        _time = options.TimeProvider;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var start = _time.GetUtcNow();
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "/";
        var route = Route.Match(method, path);
        var fault = default(FaultDecision);
        if (route.MethodAllowed && (route.Kind is RequestKind.Register or RequestKind.Poll or RequestKind.Status
            || (route.Kind == RequestKind.Hub && _faults.AppliesToHub)))
        {
            fault = _faults.Next();
        }

        EmulatorResponse response;
        try
        {
            switch (fault.Kind)
            {
                case FaultKind.ConnectionReset:
                    context.Abort();
                    Log(context, method, path, 0, start, route, fault.Kind, "injected connection reset");
                    return;
                case FaultKind.Throttle or FaultKind.InternalServerError or FaultKind.ServiceUnavailable:
                    response = route.Kind == RequestKind.Hub ? _hubErrors.Injected(fault.Kind) : _deviceErrors.Injected(fault.Kind, route.Kind);
                    break;
                default:
                    if (fault.Kind == FaultKind.Slow)
                    {
                        await Task.Delay(fault.Delay, context.RequestAborted).ConfigureAwait(false);
                    }

                    response = await DispatchAsync(context, route).ConfigureAwait(false);
                    break;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Log(context, method, path, 0, start, route, fault.Kind, "client went away");
            return;
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel refused the request body (too large, cut short).
            response = _deviceErrors.Error(e.StatusCode, e.StatusCode * 1000, "Bad request body.", e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Unexpected error on {Method} {Path}.", method, path);
            response = _deviceErrors.Error(500, DpsErrorCodes.InternalServerError, "Internal server error.", "unexpected: " + e.GetType().Name);
        }

        try
        {
            await WriteAsync(context, response, fault.Kind).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The client went away while we were answering.
        }

        Log(context, method, path, response.Status, start, route, fault.Kind, response.Detail);
    }

    private Task<EmulatorResponse> DispatchAsync(HttpContext context, Route route)
    {
        if (route.Kind == RequestKind.Other)
        {
            return Task.FromResult(_deviceErrors.Error(404, DpsErrorCodes.NotFound, "Not found.", "unknown path"));
        }

        if (!route.MethodAllowed)
        {
            var notAllowed = route.Kind == RequestKind.Hub
                ? _hubErrors.Error(405, "MethodNotAllowed", $"Use {route.Method} on this path.", "method not allowed")
                : _deviceErrors.Error(405, DpsErrorCodes.MethodNotAllowed, $"Use {route.Method} on this path.", "method not allowed");
            return Task.FromResult(notAllowed with { Allow = route.Method });
        }

        var api = route.Kind switch
        {
            RequestKind.Hub => _hub,
            RequestKind.Service => _service,
            _ => _device,
        };
        return _checks.Refusal(context.Request, route, api, out var caller) is { } refusal
            ? Task.FromResult(refusal)
            : api.Handle(context.Request, route, caller);
    }

    private static async Task WriteAsync(HttpContext context, EmulatorResponse response, FaultKind fault)
    {
        var http = context.Response;
        http.StatusCode = response.Status;
        var body = response.Body;
        if (fault == FaultKind.Malformed)
        {
            // A strict prefix of a JSON object followed by '<' is never valid JSON.
            body = [.. body.AsSpan(0, body.Length / 2), (byte)'<'];
        }

        if (body.Length > 0)
        {
            http.ContentType = "application/json; charset=utf-8";
        }

        if (response.Status != StatusCodes.Status204NoContent)
        {
            http.ContentLength = body.Length;
        }

        if (response.RetryAfterSeconds is { } retryAfter)
        {
            http.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        if (response.Allow is { } allow)
        {
            http.Headers.Allow = allow;
        }

        foreach (var (name, value) in response.Headers ?? [])
        {
            http.Headers[name] = value;
        }

        if (fault == FaultKind.Truncated)
        {
            if (body.Length / 2 > 0)
            {
                await http.Body.WriteAsync(body.AsMemory(0, body.Length / 2)).ConfigureAwait(false);
                await http.Body.FlushAsync().ConfigureAwait(false);
            }

            context.Abort();
            return;
        }

        if (body.Length > 0)
        {
            await http.Body.WriteAsync(body).ConfigureAwait(false);
        }
    }

    private void Log(HttpContext context, string method, string path, int status, DateTimeOffset start, Route route, FaultKind fault, string? detail)
    {
        var entry = new RequestLogEntry(method, path, status, start, _time.GetUtcNow(), route.RegistrationId, route.Kind, fault.LogName(), detail,
            FirstOnConnection(context, route) ? true : null);
        _log.Add(entry);
        if (fault != FaultKind.None)
        {
            _logger.LogDebug("Injected {Fault} on {Method} {Path}.", fault.LogName(), method, path);
        }
    }

    /// <summary>
    /// True for the first request naming its registration id (device id for the hub) on this TLS
    /// connection: each connection is one handshake, so these count the handshakes per device.
    /// </summary>
    private static bool FirstOnConnection(HttpContext context, Route route)
    {
        if (route.RegistrationId is null || context.Features.Get<IConnectionItemsFeature>()?.Items is not { } items)
        {
            return false;
        }

        var key = "nanodps.tls:" + (route.Kind == RequestKind.Hub ? "hub:" : "dps:") + route.RegistrationId;
        if (items.ContainsKey(key))
        {
            return false;
        }

        items[key] = true;
        return true;
    }
}
