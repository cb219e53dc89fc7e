using System.Net.Http.Headers;
using System.Text;
using NanoDps.Provisioning;

namespace NanoDps.Benchmarks.Load;

/// <summary>
/// <c>--service-clients N</c> of <c>--load</c>: N loops that keep the emulator's service API busy while
/// the devices provision (each: PUT an individual enrollment, GET it, query a page of 10), to show
/// the device flows/s with the service API in use. Signs with the connection string's key (the device core's <see cref="SasToken"/>).
/// </summary>
internal sealed class ServiceApiLoad(HttpClient http, string connectionString)
{
    private readonly byte[] _key = Convert.FromBase64String(connectionString.Split(';').Single(p => p.StartsWith("SharedAccessKey=", StringComparison.Ordinal))["SharedAccessKey=".Length..]);
    private readonly string _host = connectionString.Split(';').Single(p => p.StartsWith("HostName=", StringComparison.Ordinal))["HostName=".Length..];

    /// <summary>Runs <paramref name="clients"/> loops until <paramref name="stop"/>; returns the calls made and the calls that failed.</summary>
    public async Task<(long Calls, long Failed)> RunAsync(int clients, CancellationToken stop)
    {
        long calls = 0, failed = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async worker =>
        {
            var round = 0;
            while (!stop.IsCancellationRequested)
            {
                var id = $"svc-bench-{worker}-{round++ % 50}";
                foreach (var (method, path, body) in new (HttpMethod, string, string?)[]
                {
                    (HttpMethod.Put, $"enrollments/{id}", """{"attestation":{"type":"symmetricKey"},"iotHubs":["hub-1.dps-emulator.local"]}"""),
                    (HttpMethod.Get, $"enrollments/{id}", null),
                    (HttpMethod.Post, "enrollments/query", """{"query":"*"}"""),
                })
                {
                    Interlocked.Increment(ref calls);
                    try
                    {
                        using var response = await http.SendAsync(Request(method, path, body), CancellationToken.None);
                        if (!response.IsSuccessStatusCode)
                        {
                            Interlocked.Increment(ref failed);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }
        }));
        return (calls, failed);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? body)
    {
        var request = new HttpRequestMessage(method, path + "?api-version=2021-10-01");
        var token = SasToken.Create(_host, _key, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600, "provisioningserviceowner", HostHmac.Instance);
        request.Headers.TryAddWithoutValidation("Authorization", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        if (method == HttpMethod.Post)
        {
            request.Headers.TryAddWithoutValidation("x-ms-max-item-count", "10");
        }

        return request;
    }
}
