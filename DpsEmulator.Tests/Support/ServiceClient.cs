using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace NanoDps.Emulator.Tests.Support;

/// <summary>
/// The tests' own client of the service API: signs <c>SharedAccessSignature sr={host}&amp;sig&amp;se&amp;skn=provisioningserviceowner</c>
/// with the key of the emulator's connection string (its own HMAC, <see cref="Sas"/>), as the SDKs do.
/// </summary>
internal sealed class ServiceClient(TestEmulator emu)
{
    public const string ApiVersion = "2021-10-01";

    /// <summary>The primary key of the emulator's service connection string.</summary>
    public string Key => KeyOf(emu.Server.ServiceConnectionString);

    public static string KeyOf(string connectionString) =>
        connectionString.Split(';').Single(p => p.StartsWith("SharedAccessKey=", StringComparison.Ordinal))["SharedAccessKey=".Length..];

    /// <summary>A service token over <paramref name="sr"/> exactly as given (default: the bare host, as Node sends it).</summary>
    public string Token(string? sr = null, string? key = null, string? skn = "provisioningserviceowner", DateTimeOffset? expiry = null) =>
        Sas.Token(sr ?? emu.Server.ServiceHostName, key ?? Key, (expiry ?? emu.Now.AddHours(1)).ToUnixTimeSeconds(), skn);

    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        string? body = null,
        string? authorization = null,
        string? apiVersion = ApiVersion,
        string contentType = "application/json; charset=utf-8",
        IEnumerable<(string Name, string Value)>? headers = null)
    {
        var query = apiVersion is null ? string.Empty : (path.Contains('?') ? "&" : "?") + "api-version=" + apiVersion;
        var request = new HttpRequestMessage(method, path.TrimStart('/') + query);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var auth = authorization ?? Token();
        if (auth.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", auth);
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await emu.Http.SendAsync(request);
    }

    /// <summary>Sends and returns the status and the parsed JSON body (default when empty).</summary>
    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> CallAsync(
        HttpMethod method, string path, string? body = null, IEnumerable<(string Name, string Value)>? headers = null, string? authorization = null)
    {
        var response = await SendAsync(method, path, body, authorization, headers: headers);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, json, response);
    }

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PutAsync(string path, string body, string? ifMatch = null) =>
        CallAsync(HttpMethod.Put, path, body, ifMatch is null ? null : [("If-Match", ifMatch)]);

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string path) => CallAsync(HttpMethod.Get, path);

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> DeleteAsync(string path, string? ifMatch = null) =>
        CallAsync(HttpMethod.Delete, path, null, ifMatch is null ? null : [("If-Match", ifMatch)]);

    public Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string path, string? body = null, IEnumerable<(string Name, string Value)>? headers = null) =>
        CallAsync(HttpMethod.Post, path, body, headers);
}
