using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>
/// A custom allocation webhook written the way the docs' sample Azure Function is (learn.microsoft.com,
/// "Tutorial: Use custom allocation policies"): an HTTP trigger with function-level authorization that
/// reads the AllocationRequest, picks a hub from linkedHubs by the kind of device its registration id
/// names (toaster: the hub with "1" in its name, heatpump: "2"), and answers the AllocationResponse with
/// an initial twin and a payload for the device; any other device gets 400. Hosted by Kestrel on
/// loopback (HTTP, or HTTPS with a self-signed localhost certificate). Extra routes misbehave on purpose:
/// <c>/api/fail</c> (500), <c>/api/garbage</c> (200, not JSON), <c>/api/slow</c> (answers after 10 s),
/// <c>/api/elsewhere</c> (names a hub that is not linked).
/// </summary>
internal sealed class SampleAllocationFunction : IAsyncDisposable
{
    public const string FunctionKey = "sample-function-key_0123456789abcdef==";

    private readonly WebApplication _app;

    private SampleAllocationFunction(WebApplication app, X509Certificate2? certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    /// <summary>The bodies of the AllocationRequests received, as parsed JSON, and the query each came with.</summary>
    public List<(JsonNode Body, string Query)> Requests { get; } = [];

    /// <summary>The self-signed certificate of an HTTPS function, to trust; null over HTTP.</summary>
    public X509Certificate2? Certificate { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The URL of a route with the function key in its <c>code</c> query, as the portal writes webhookUrl.</summary>
    public string Url(string route = "allocate", string key = FunctionKey) => new Uri(BaseAddress, "api/" + route + "?code=" + Uri.EscapeDataString(key)).ToString();

    public static async Task<SampleAllocationFunction> StartAsync(bool https = false)
    {
        var certificate = https ? SelfSigned() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var function = new SampleAllocationFunction(app, certificate);
        app.MapPost("/api/{route}", function.RunAsync);
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        function.BaseAddress = new Uri($"{(https ? "https" : "http")}://localhost:{port}/");
        return function;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate?.Dispose();
    }

    private async Task<IResult> RunAsync(HttpContext context, string route)
    {
        // Function-level authorization: the key comes in the code query (or x-functions-key).
        if (context.Request.Query["code"] != FunctionKey && context.Request.Headers["x-functions-key"] != FunctionKey)
        {
            return Results.Unauthorized();
        }

        var body = await JsonNode.ParseAsync(context.Request.Body) ?? new JsonObject();
        lock (Requests)
        {
            Requests.Add((body, context.Request.QueryString.Value ?? string.Empty));
        }

        switch (route)
        {
            case "fail":
                return Results.StatusCode(500);
            case "garbage":
                return Results.Text("<html>Function host is starting</html>", "text/html");
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
                break;
        }

        var registrationId = (string?)body["deviceRuntimeContext"]?["registrationId"] ?? string.Empty;
        var hubs = body["linkedHubs"]?.AsArray().Select(h => (string)h!).ToList() ?? [];
        string? kind = registrationId.Contains("toaster", StringComparison.Ordinal) ? "toaster"
            : registrationId.Contains("heatpump", StringComparison.Ordinal) ? "heatpump"
            : null;
        if (kind is null)
        {
            return Results.BadRequest("Unrecognized device registration: " + registrationId);
        }

        var hub = route == "elsewhere" ? "hub-9.elsewhere.example"
            : hubs.FirstOrDefault(h => h.Contains(kind == "toaster" ? "1" : "2", StringComparison.Ordinal));
        if (hub is null)
        {
            return Results.BadRequest("No hub for " + kind);
        }

        var model = (string?)body["deviceRuntimeContext"]?["payload"]?["model"];
        var response = new JsonObject
        {
            ["iotHubHostName"] = hub,
            ["initialTwin"] = new JsonObject
            {
                ["tags"] = new JsonObject { ["deviceType"] = kind },
                ["properties"] = new JsonObject { ["desired"] = new JsonObject { ["state"] = "ready" } },
            },
            ["payload"] = new JsonObject { ["site"] = "plant-7", ["kind"] = kind, ["model"] = model },
        };
        return Results.Text(response.ToJsonString(), "application/json");
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
