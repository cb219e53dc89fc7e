using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator;

/// <summary>
/// The dashboard page at <c>/</c> and the emulator API under <c>/emulator/</c>: the state as JSON
/// and as a live feed (Server-Sent Events), the fault-profile switch, enabling and disabling
/// enrollments, and sign-in. Every other request goes on to the DPS and hub endpoints untouched
/// (one string comparison), and none of these is written to the request log.
/// </summary>
internal sealed class DashboardEndpoints(
    DashboardState state,
    DashboardAccess access,
    EnrollmentManager enrollments,
    FaultInjector faults,
    ILogger logger)
{
    /// <summary>How often the live feed looks for changes.</summary>
    public static readonly TimeSpan FeedInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The live feed sends the state at least this often, changed or not (quota refill, the passing minute).</summary>
    public static readonly TimeSpan FeedRefresh = TimeSpan.FromSeconds(5);

    private const int MaxBodyBytes = 4096;

    private static readonly string[] GroupStatusPath = ["emulator", "enrollmentGroups", "*", "provisioningStatus"];
    private static readonly string[] IndividualStatusPath = ["emulator", "individualEnrollments", "*", "provisioningStatus"];

    /// <summary>Middleware: answers the dashboard's paths, passes everything else to <paramref name="next"/>.</summary>
    public Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if ((path != "/" && !path.StartsWith("/emulator/", StringComparison.Ordinal) && !path.StartsWith("/dashboard/", StringComparison.Ordinal))
            || IsHubHost(context.Request.Host.Host))
        {
            return next(context);
        }

        var method = context.Request.Method;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return path switch
        {
            "/" when method == "GET" => PageAsync(context),
            "/" => next(context), // the DPS endpoints' own 404 for other methods
            "/dashboard/dashboard.js" or "/dashboard/dashboard.css" => Only(context, "GET", () => AssetAsync(context, path["/dashboard/".Length..])),
            "/emulator/state" => Only(context, "GET", () => StateAsync(context)),
            "/emulator/events" => Only(context, "GET", () => FeedAsync(context)),
            "/emulator/faults" => method == "GET" ? ReadAsync(context, () => FaultsJson()) : Only(context, "GET, PUT", () => SetFaultsAsync(context)),
            "/emulator/signin" => Only(context, "POST", () => SignInAsync(context)),
            "/emulator/signout" => Only(context, "POST", () => SignOutAsync(context)),
            _ when Matches(segments, GroupStatusPath) => Only(context, "PUT", () => SetStatusAsync(context, group: true, IdOf(segments[2]))),
            _ when Matches(segments, IndividualStatusPath) => Only(context, "PUT", () => SetStatusAsync(context, group: false, IdOf(segments[2]))),
            _ => path.StartsWith("/dashboard/", StringComparison.Ordinal) ? WriteErrorAsync(context, 404, "no such dashboard file") : next(context),
        };
    }

    /// <summary>A hub's name is served as that hub only (as IoT Hub has no dashboard); the dashboard lives at the DPS endpoint.</summary>
    private bool IsHubHost(string host) => enrollments.HubNames.Contains(host, StringComparer.OrdinalIgnoreCase);

    /// <summary>An id from the path: Kestrel has decoded every escape but <c>%2F</c>, which stays so that it does not split the path.</summary>
    private static string IdOf(string segment) => segment.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static bool Matches(string[] segments, string[] pattern) =>
        segments.Length == pattern.Length && segments.Select((s, i) => pattern[i] == "*" || s == pattern[i]).All(m => m);

    /// <summary>Runs <paramref name="handle"/> when the method is one of <paramref name="allowed"/>, else 405 with Allow.</summary>
    private static Task Only(HttpContext context, string allowed, Func<Task> handle)
    {
        if (allowed.Split(", ").Contains(context.Request.Method))
        {
            return handle();
        }

        context.Response.Headers.Allow = allowed;
        return WriteErrorAsync(context, 405, $"use {allowed} on this path");
    }

    private static void Harden(HttpResponse response)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    private static Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        Harden(context.Response);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    private static Task WriteJsonAsync(HttpContext context, int status, byte[] body) =>
        WriteAsync(context, status, "application/json; charset=utf-8", body);

    private static Task WriteErrorAsync(HttpContext context, int status, string error) =>
        WriteJsonAsync(context, status, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["error"] = error }));

    private Task PageAsync(HttpContext context)
    {
        var page = access.MayRead(context.Request, out _) ? DashboardAssets.Page : DashboardAssets.SignInPage(failed: false);
        return WriteAsync(context, 200, "text/html; charset=utf-8", page);
    }

    private static Task AssetAsync(HttpContext context, string name) =>
        WriteAsync(context, 200, name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8", DashboardAssets.Get(name));

    /// <summary>A read: allowed on loopback or with a session, else 401.</summary>
    private Task ReadAsync(HttpContext context, Func<byte[]> body) =>
        access.MayRead(context.Request, out _)
            ? WriteJsonAsync(context, 200, body())
            : WriteErrorAsync(context, 401, "sign in with the service key first (POST /emulator/signin)");

    private Task StateAsync(HttpContext context) =>
        access.MayRead(context.Request, out var session)
            ? WriteJsonAsync(context, 200, state.Build(session is null ? null : access.CsrfTokenFor(session)))
            : WriteErrorAsync(context, 401, "sign in with the service key first (POST /emulator/signin)");

    /// <summary>
    /// Server-Sent Events: an <c>event: state</c> with the whole document when something changed
    /// (looked at every <see cref="FeedInterval"/>), and at least every <see cref="FeedRefresh"/>.
    /// Ends when the client goes, the emulator stops, or the session expires.
    /// </summary>
    private async Task FeedAsync(HttpContext context)
    {
        if (!access.MayRead(context.Request, out var session))
        {
            await WriteErrorAsync(context, 401, "sign in with the service key first (POST /emulator/signin)").ConfigureAwait(false);
            return;
        }

        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var response = context.Response;
        Harden(response);
        response.ContentType = "text/event-stream; charset=utf-8";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var csrf = session is null ? null : access.CsrfTokenFor(session);
        var sent = default(DashboardState.Version?);
        var sentAt = long.MinValue;
        try
        {
            await response.Body.WriteAsync("retry: 1000\n\n"u8.ToArray(), done.Token).ConfigureAwait(false);
            while (!done.IsCancellationRequested)
            {
                if (session is not null && access.SessionOf(context.Request) is null)
                {
                    await response.Body.WriteAsync("event: signin\ndata: {}\n\n"u8.ToArray(), done.Token).ConfigureAwait(false);
                    return;
                }

                var version = state.Current();
                if (version != sent || TimeProvider.System.GetElapsedTime(sentAt) >= FeedRefresh)
                {
                    var json = state.Build(csrf);
                    var frame = new byte[json.Length + 21];
                    "event: state\ndata: "u8.CopyTo(frame);
                    json.CopyTo(frame, 19);
                    frame[^2] = frame[^1] = (byte)'\n';
                    await response.Body.WriteAsync(frame, done.Token).ConfigureAwait(false);
                    await response.Body.FlushAsync(done.Token).ConfigureAwait(false);
                    sent = version;
                    sentAt = TimeProvider.System.GetTimestamp();
                }

                await Task.Delay(FeedInterval, done.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client went away or the emulator is stopping.
        }
    }

    private byte[] FaultsJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            DashboardState.WriteFaults(json, faults.Current, name: null);
        }

        return buffer.ToArray();
    }

    /// <summary><c>PUT /emulator/faults</c> <c>{"profile":"server-errors","seed":7,"applyToHub":false}</c>; seed and applyToHub default to those in force.</summary>
    private async Task SetFaultsAsync(HttpContext context)
    {
        if (await ReadChangeAsync(context).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        using (body)
        {
            var (current, seed) = faults.Current;
            var applyToHub = current.ApplyToHub;
            FaultProfile? profile = null;
            foreach (var property in body.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "profile" when property.Value.ValueKind == JsonValueKind.String:
                        profile = FaultProfile.BuiltIn.FirstOrDefault(p => p.Name.Equals(property.Value.GetString(), StringComparison.OrdinalIgnoreCase));
                        if (profile is null)
                        {
                            await WriteErrorAsync(context, 400, $"profile must be one of {string.Join(", ", FaultProfile.BuiltIn.Select(p => p.Name))} (got '{property.Value.GetString()}')").ConfigureAwait(false);
                            return;
                        }

                        break;
                    case "seed" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var value):
                        seed = value;
                        break;
                    case "applyToHub" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        applyToHub = property.Value.GetBoolean();
                        break;
                    case "profile" or "seed" or "applyToHub":
                        await WriteErrorAsync(context, 400, $"{property.Name} must be {(property.Name == "profile" ? "a profile name" : property.Name == "seed" ? "a whole number (32-bit)" : "true or false")}").ConfigureAwait(false);
                        return;
                    default:
                        await WriteErrorAsync(context, 400, $"unknown property '{property.Name}'; use profile, seed and applyToHub").ConfigureAwait(false);
                        return;
                }
            }

            if (profile is null)
            {
                await WriteErrorAsync(context, 400, "profile is required, e.g. {\"profile\":\"server-errors\",\"seed\":7}").ConfigureAwait(false);
                return;
            }

            faults.Switch(profile with { ApplyToHub = applyToHub }, seed);
            logger.LogInformation("Fault profile switched to {Profile} (seed {Seed}{Hub}) through the emulator API.", profile.Name, seed, applyToHub ? ", hub too" : string.Empty);
            await WriteJsonAsync(context, 200, FaultsJson()).ConfigureAwait(false);
        }
    }

    /// <summary><c>PUT /emulator/{enrollmentGroups|individualEnrollments}/{id}/provisioningStatus</c> <c>{"provisioningStatus":"disabled"}</c>.</summary>
    private async Task SetStatusAsync(HttpContext context, bool group, string id)
    {
        if (await ReadChangeAsync(context).ConfigureAwait(false) is not { } body)
        {
            return;
        }

        using (body)
        {
            var root = body.RootElement;
            var status = root.TryGetProperty("provisioningStatus", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (status is not ("enabled" or "disabled") || root.EnumerateObject().Count() != 1)
            {
                await WriteErrorAsync(context, 400, "the body must be {\"provisioningStatus\":\"enabled\"} or {\"provisioningStatus\":\"disabled\"}").ConfigureAwait(false);
                return;
            }

            try
            {
                await (group
                    ? enrollments.SetGroupEnabledAsync(id, status == "enabled")
                    : enrollments.SetIndividualEnabledAsync(id, status == "enabled")).ConfigureAwait(false);
            }
            catch (KeyNotFoundException)
            {
                await WriteErrorAsync(context, 404, $"no {(group ? "enrollment group" : "individual enrollment")} '{id}'").ConfigureAwait(false);
                return;
            }

            var what = group ? "Enrollment group" : "Individual enrollment";
            logger.LogInformation("{What} '{Id}' {Status} through the emulator API.", what, id, status);
            var name = group ? "enrollmentGroupId" : "registrationId";
            await WriteJsonAsync(context, 200, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { [name] = id, ["provisioningStatus"] = status! })).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The JSON object of a state-changing call, or null after answering its refusal: not allowed
    /// (<see cref="DashboardAccess.RefuseChange"/>), not JSON (415), too large (413), not an object (400).
    /// </summary>
    private async Task<JsonDocument?> ReadChangeAsync(HttpContext context)
    {
        var request = context.Request;
        if (access.RefuseChange(request) is { } refusal)
        {
            await WriteErrorAsync(context, refusal.Status, refusal.Error).ConfigureAwait(false);
            return null;
        }

        if (!DpsHandler.IsJson(request.ContentType))
        {
            await WriteErrorAsync(context, 415, "send the body as Content-Type: application/json").ConfigureAwait(false);
            return null;
        }

        var (body, tooLarge) = await DpsHandler.ReadBodyAsync(request, MaxBodyBytes).ConfigureAwait(false);
        if (tooLarge)
        {
            await WriteErrorAsync(context, 413, $"the body must be at most {MaxBodyBytes} bytes").ConfigureAwait(false);
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        await WriteErrorAsync(context, 400, "the body must be a JSON object").ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// <c>POST /emulator/signin</c> with the service key or connection string, as a form field
    /// <c>key</c> (the sign-in page: 303 to the dashboard) or as JSON <c>{"key":"..."}</c>
    /// (scripts: 200 with the session's csrfToken). Either way the session is the cookie.
    /// </summary>
    private async Task SignInAsync(HttpContext context)
    {
        var request = context.Request;
        var form = request.HasFormContentType;
        if (DashboardAccess.CrossSite(request) is { } crossSite)
        {
            await WriteErrorAsync(context, 403, crossSite).ConfigureAwait(false);
            return;
        }

        string? key = null;
        if (form)
        {
            key = (await request.ReadFormAsync().ConfigureAwait(false))["key"].FirstOrDefault();
        }
        else if (await DpsHandler.ReadBodyAsync(request, MaxBodyBytes).ConfigureAwait(false) is (var body, TooLarge: false))
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                key = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            }
            catch (JsonException)
            {
            }
        }

        if (!access.IsServiceKey(key))
        {
            logger.LogWarning("Dashboard sign-in refused from {Address}: not the service key.", context.Connection.RemoteIpAddress);
            if (form)
            {
                await WriteAsync(context, 401, "text/html; charset=utf-8", DashboardAssets.SignInPage(failed: true)).ConfigureAwait(false);
            }
            else
            {
                await WriteErrorAsync(context, 401, "key must be the service key or connection string (SharedAccessKey=...) of this emulator").ConfigureAwait(false);
            }

            return;
        }

        var session = access.NewSession();
        context.Response.Headers.SetCookie = DashboardAccess.SessionCookie(session);
        logger.LogInformation("Dashboard signed in from {Address}.", context.Connection.RemoteIpAddress);
        if (form)
        {
            Harden(context.Response);
            context.Response.StatusCode = 303;
            context.Response.Headers.Location = "/";
            return;
        }

        await WriteJsonAsync(context, 200, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["csrfToken"] = access.CsrfTokenFor(session) })).ConfigureAwait(false);
    }

    private Task SignOutAsync(HttpContext context)
    {
        if (access.RefuseChange(context.Request) is { } refusal)
        {
            return WriteErrorAsync(context, refusal.Status, refusal.Error);
        }

        context.Response.Headers.SetCookie = DashboardAccess.ExpiredCookie;
        return WriteJsonAsync(context, 200, Encoding.UTF8.GetBytes("{}"));
    }
}
