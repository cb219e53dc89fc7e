using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// "Commit, then answer": a device told "assigned" (200) or "assigning" (202 with an operation id)
/// keeps that promise across a crash. A real emulator process gets a burst of registrations and is
/// killed with SIGKILL in the middle of it, three times; after each restart every promise is checked.
/// </summary>
public sealed class DurabilityTests
{
    private const int Devices = 400;
    private const int Workers = 16;
    private const string ApiVersion = "2021-10-01";

    [Fact]
    public async Task Every_answered_registration_survives_kill_9_during_a_burst()
    {
        using var folder = new TempFolder();
        var assigned = new ConcurrentDictionary<string, string>(); // registration id -> hub it was told
        var assigning = new ConcurrentDictionary<string, string>(); // registration id -> operation id it was told
        string? groupKey = null;
        string? idScope = null;

        for (var round = 0; round < 3; round++)
        {
            await using var emulator = EmulatorProcess.Start("--port", "0", "--data", folder.Path, "--no-quotas", "--assignment-delay", "0");
            await emulator.WaitReadyAsync();
            (idScope, groupKey) = ReadDemoGroup(folder.Path);
            using var http = Client(folder.Path);

            // Every promise of the earlier rounds holds after the restart.
            await CheckPromisesAsync(http, emulator.Port, idScope, groupKey, assigned, assigning);

            // A new burst, killed once a quarter of it has been told "assigned".
            var killAt = Devices / 4;
            var next = -1;
            var toldAssigned = 0;
            var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < Devices && !killed.Task.IsCompleted)
                {
                    var id = $"burst-{round}-{i}";
                    try
                    {
                        var operationId = await RegisterAsync(http, emulator.Port, idScope, id, Sas.DeriveKey(groupKey, id));
                        assigning[id] = operationId;
                        var hub = await PollOnceAsync(http, emulator.Port, idScope, id, Sas.DeriveKey(groupKey, id), operationId);
                        if (hub is not null)
                        {
                            assigned[id] = hub;
                            assigning.TryRemove(id, out _);
                            if (Interlocked.Increment(ref toldAssigned) == killAt)
                            {
                                emulator.KillHard();
                                killed.TrySetResult();
                            }
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        // The process died under this request: no answer, no promise.
                    }
                }
            })).ToArray();
            await Task.WhenAll(workers);
            Assert.True(killed.Task.IsCompleted, $"round {round}: the burst finished before the kill ({toldAssigned} assigned)");
            await emulator.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        await using (var last = EmulatorProcess.Start("--port", "0", "--data", folder.Path, "--no-quotas", "--assignment-delay", "0"))
        {
            await last.WaitReadyAsync();
            using var http = Client(folder.Path);
            await CheckPromisesAsync(http, last.Port, idScope!, groupKey!, assigned, assigning);
        }

        Assert.True(assigned.Count >= 3 * Devices / 4, $"only {assigned.Count} devices were told assigned");
    }

    private static async Task CheckPromisesAsync(
        HttpClient http, int port, string idScope, string groupKey, ConcurrentDictionary<string, string> assigned, ConcurrentDictionary<string, string> assigning)
    {
        var lost = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(assigned, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (device, _) =>
        {
            var (id, hub) = (device.Key, device.Value);
            var key = Sas.DeriveKey(groupKey, id);
            using var status = await SendAsync(http, HttpMethod.Post, $"https://127.0.0.1:{port}/{idScope}/registrations/{id}?api-version={ApiVersion}",
                Sas.ForRegistration(idScope, id, key, DateTimeOffset.UtcNow), null);
            var state = JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement;
            if (state.GetProperty("status").GetString() != "assigned" || state.GetProperty("assignedHub").GetString() != hub)
            {
                lost.Add($"{id}: told assigned to {hub}, status lookup after the restart says {state}");
                return;
            }

            using var message = await SendAsync(http, HttpMethod.Post, $"https://{hub}:{port}/devices/{id}/messages/events?api-version=2020-03-13",
                Sas.ForHub(hub, id, key, DateTimeOffset.UtcNow), "{}");
            if (message.StatusCode != HttpStatusCode.NoContent)
            {
                lost.Add($"{id}: told assigned to {hub}, the hub answers {(int)message.StatusCode} after the restart");
            }
        });

        foreach (var (id, operationId) in assigning.ToArray())
        {
            // Told "assigning": the operation is still there, and it ends assigned.
            var hub = await PollOnceAsync(http, port, idScope, id, Sas.DeriveKey(groupKey, id), operationId, expectTerminal: true);
            if (hub is null)
            {
                lost.Add($"{id}: told assigning (operation {operationId}), the poll after the restart did not assign it");
                continue;
            }

            assigned[id] = hub;
            assigning.TryRemove(id, out _);
        }

        Assert.True(lost.IsEmpty, $"{lost.Count} promises broken by the crash, e.g.:\n{string.Join("\n", lost.Take(5))}");
    }

    private static async Task<string> RegisterAsync(HttpClient http, int port, string idScope, string id, string key)
    {
        using var response = await SendAsync(http, HttpMethod.Put, $"https://127.0.0.1:{port}/{idScope}/registrations/{id}/register?api-version={ApiVersion}",
            Sas.ForRegistration(idScope, id, key, DateTimeOffset.UtcNow), $"{{\"registrationId\":\"{id}\"}}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"register {id}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("operationId").GetString()!;
    }

    /// <summary>The assigned hub, or null while assigning (or, with <paramref name="expectTerminal"/>, when it did not end assigned).</summary>
    private static async Task<string?> PollOnceAsync(HttpClient http, int port, string idScope, string id, string key, string operationId, bool expectTerminal = false)
    {
        using var response = await SendAsync(http, HttpMethod.Get, $"https://127.0.0.1:{port}/{idScope}/registrations/{id}/operations/{operationId}?api-version={ApiVersion}",
            Sas.ForRegistration(idScope, id, key, DateTimeOffset.UtcNow), null);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return answer.GetProperty("status").GetString() == "assigned"
            ? answer.GetProperty("registrationState").GetProperty("assignedHub").GetString()
            : null;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string url, string token, string? body)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Authorization", token);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        }

        return await http.SendAsync(request);
    }

    private static HttpClient Client(string folder) =>
        new(TrustedHttp.Handler(Path.Combine(folder, "ca.pem"))) { Timeout = TimeSpan.FromSeconds(20) };

    private static (string IdScope, string GroupKey) ReadDemoGroup(string folder)
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "enrollments.json")));
        return (file.RootElement.GetProperty("idScope").GetString()!,
            file.RootElement.GetProperty("enrollmentGroups")[0].GetProperty("primaryKey").GetString()!);
    }
}
