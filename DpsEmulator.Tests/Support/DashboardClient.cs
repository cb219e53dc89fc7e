using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>
/// A client of the dashboard's API that handles its cookie by hand (so a test sees and sets exactly
/// what a browser would), trusting the emulator's ca.pem only.
/// </summary>
internal sealed class DashboardClient : IDisposable
{
    private readonly HttpClient _http;

    public DashboardClient(DpsEmulatorServer server)
    {
        var handler = TrustedHttp.Handler(server.CaCertificatePath);
        handler.UseCookies = false;
        handler.AllowAutoRedirect = false;
        _http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The Cookie header sent with every request, or null.</summary>
    public string? Cookie { get; set; }

    /// <summary>The X-CSRF-Token header sent with every request, or null.</summary>
    public string? Csrf { get; set; }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", Cookie);
        }

        if (Csrf is not null)
        {
            request.Headers.Add("X-CSRF-Token", Csrf);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return _http.SendAsync(request);
    }

    /// <summary>GET /emulator/state as JSON (asserts 200).</summary>
    public async Task<JsonElement> StateAsync()
    {
        using var response = await GetAsync("emulator/state");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TestEmulator.Json(response);
    }

    /// <summary>PUT /emulator/faults.</summary>
    public Task<HttpResponseMessage> SetFaultsAsync(string json) => SendAsync(HttpMethod.Put, "emulator/faults", json);

    /// <summary>PUT /emulator/enrollmentGroups/{id}/provisioningStatus.</summary>
    public Task<HttpResponseMessage> SetGroupStatusAsync(string groupId, string status) =>
        SendAsync(HttpMethod.Put, $"emulator/enrollmentGroups/{Uri.EscapeDataString(groupId)}/provisioningStatus", $"{{\"provisioningStatus\":\"{status}\"}}");

    /// <summary>Opens the live feed (GET /emulator/events) and reads its events.</summary>
    public async Task<Feed> OpenFeedAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "emulator/events");
        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", Cookie);
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new Feed(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    public void Dispose() => _http.Dispose();

    /// <summary>An open live feed.</summary>
    public sealed class Feed(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public HttpResponseMessage Response { get; } = response;

        /// <summary>The next event: its name and data (the data as read, one line).</summary>
        public async Task<(string Event, string Data)> NextAsync(TimeSpan timeout)
        {
            using var cancel = new CancellationTokenSource(timeout);
            string? name = null;
            while (true)
            {
                var line = await reader.ReadLineAsync(cancel.Token) ?? throw new EndOfStreamException("the feed ended");
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    name = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
                {
                    return (name, line["data: ".Length..]);
                }
            }
        }

        /// <summary>Reads state events until one satisfies <paramref name="condition"/>.</summary>
        public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> condition, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var (name, data) = await NextAsync(deadline - DateTime.UtcNow);
                if (name != "state")
                {
                    continue;
                }

                using var document = JsonDocument.Parse(data);
                if (condition(document.RootElement))
                {
                    return document.RootElement.Clone();
                }
            }
        }

        public void Dispose()
        {
            reader.Dispose();
            Response.Dispose();
        }
    }
}
