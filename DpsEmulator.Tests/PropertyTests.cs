using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.Logging;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// Random and mutated requests against the device and hub APIs over real HTTPS (raw bytes on a TLS
/// connection, so nothing is cleaned up by an HTTP client): methods, paths, api-versions, tokens,
/// headers, content types and bodies (invalid UTF-8, deep nesting, huge values, broken chunking).
/// Whatever comes, the emulator never answers 5xx, every 4xx is a DPS- or IoT Hub-shaped error,
/// no key, signature or token reaches its log, and it serves a full flow afterwards.
/// </summary>
public sealed class PropertyTests
{
    private const int Iterations = 400;
    private static readonly string[] Methods = ["PUT", "GET", "POST", "DELETE", "PATCH", "OPTIONS", "TRACE", "put", "FOO", "CONNECT"];
    private static readonly string[] ApiVersions = ["2021-10-01", "2019-03-31", "2026-04-01", "2020-03-13", "", "1999-01-01", "2021-10-01&api-version=2019-03-31", "%00", "(none)"];
    private static readonly string[] ContentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/jsonx", "application/json; charset=latin1", ";;;", "(none)", "multipart/form-data; boundary=x"];

    [Fact]
    public async Task Random_and_mutated_requests_never_get_5xx_always_a_shaped_error_leak_no_secret_and_the_emulator_keeps_serving()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        await using var emu = await TestEmulator.StartAsync(o =>
        {
            o.LoggerFactory = loggerFactory;
            o.WriteRequestLogFile = true;
            o.Quotas = QuotaOptions.Unlimited;
        });

        // Devices that exist, with an operation each, so that some requests are right and get 2xx.
        var operations = new Dictionary<string, string>();
        for (var i = 0; i < 4; i++)
        {
            var id = $"prop-{i}";
            operations[id] = (await emu.ProvisionAsync(id)).GetProperty("operationId").GetString()!;
        }

        var secrets = new HashSet<string>(StringComparer.Ordinal) { emu.GroupKey };
        secrets.UnionWith(emu.Server.Enrollments.Groups.Select(g => g.SecondaryKey!).Where(k => k is not null));
        var statuses = new Dictionary<int, int>();

        var gen = Gen.Select(
            Gen.Int[0, Methods.Length - 1],
            Gen.Int[0, 12],
            Gen.Int[0, ApiVersions.Length - 1],
            Gen.Int[0, 10],
            Gen.Int[0, ContentTypes.Length - 1],
            Gen.Int[0, 14],
            Gen.String[0, 40],
            Gen.Int[0, 999_999],
            Gen.Int[0, 6],
            (method, path, api, auth, contentType, body, noise, seed, mutation) => Recipe.Of(method, path, api, auth, contentType, body, noise, seed, mutation));

        await gen.SampleAsync(
            async recipe =>
            {
                var (request, requestSecrets) = Build(recipe, emu, operations);
                lock (secrets)
                {
                    secrets.UnionWith(requestSecrets);
                }

                var answer = await RawHttps.SendAsync(emu.Server, request);
                lock (statuses)
                {
                    statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
                }

                Assert.True(answer.Status is >= 200 and < 500, $"{answer.Status} for {recipe}: {answer.Body}");
                if (answer.Status >= 400)
                {
                    AssertShapedError(answer.Body, $"{answer.Status} for {recipe}");
                }
            },
            iter: Iterations,
            threads: 2,
            seed: null);

        // Still serving: a full flow and a hub message.
        var state = (await emu.ProvisionAsync("prop-after")).GetProperty("registrationState");
        var hub = state.GetProperty("assignedHub").GetString()!;
        using var message = new HttpRequestMessage(HttpMethod.Post, $"https://{hub}:{emu.Server.Port}/devices/prop-after/messages/events?api-version=2020-03-13")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        message.Headers.TryAddWithoutValidation("Authorization", Sas.ForHub(hub, "prop-after", emu.DeviceKey("prop-after"), emu.Now));
        using var sent = await emu.Http.SendAsync(message);
        Assert.Equal(HttpStatusCode.NoContent, sent.StatusCode);

        // No secret in the log nor in the request log.
        await emu.Server.RequestLog.FlushAsync();
        var written = logs.Text + File.ReadAllText(emu.Server.RequestLog.FilePath!)
            + string.Join("\n", emu.Server.RequestLog.Snapshot().Select(e => e.ToString()));
        foreach (var secret in secrets.Where(s => s.Length >= 16))
        {
            var at = written.IndexOf(secret, StringComparison.Ordinal);
            Assert.True(at < 0, $"a secret reached the log: {secret[..Math.Min(40, secret.Length)]}... in: {(at < 0 ? "" : written.Substring(Math.Max(0, at - 300), Math.Min(400, written.Length - Math.Max(0, at - 300))))}");
        }

        // The generator reached the interesting answers, not only one kind.
        Assert.True(statuses.Keys.Count(s => s >= 400) >= 5, "statuses: " + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}x{p.Value}")));
        Assert.Contains(statuses.Keys, s => s is >= 200 and < 300);
    }

    private static void AssertShapedError(string body, string what)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.TryGetProperty("errorCode", out var code))
        {
            Assert.InRange(code.GetInt32(), 100000, 599999);
            Assert.True(Guid.TryParse(root.GetProperty("trackingId").GetString(), out _), what);
            Assert.False(string.IsNullOrEmpty(root.GetProperty("message").GetString()), what);
            Assert.True(DateTimeOffset.TryParse(root.GetProperty("timestampUtc").GetString(), CultureInfo.InvariantCulture, out _), what);
        }
        else
        {
            Assert.StartsWith("ErrorCode:", root.GetProperty("Message").GetString());
            Assert.Contains("Tracking ID:", root.GetProperty("ExceptionMessage").GetString());
        }
    }

    /// <summary>The choices of one request; the generator shrinks these numbers when an answer is wrong.</summary>
    private sealed record Recipe(int Method, int Path, int Api, int Auth, int ContentType, int Body, string Noise, int Seed)
    {
        /// <summary>
        /// For the four real routes (paths 0-3), a right request with one part changed (<paramref name="mutation"/>
        /// 1-5: method, api-version, token, content type, body), or none (0), or everything random (6).
        /// </summary>
        public static Recipe Of(int method, int path, int api, int auth, int contentType, int body, string noise, int seed, int mutation)
        {
            if (path > 3 || mutation == 6)
            {
                return new Recipe(method, path, api, auth, contentType, body, noise, seed);
            }

            // The right request for the route: method, api-version, token, content type, body.
            var (m, a, t, c, b) = path switch
            {
                0 => (0, 0, 0, 1, 0), // PUT register, JSON body
                1 => (1, 0, 0, 6, 3), // GET poll, no body
                2 => (2, 0, 0, 0, 0), // POST status lookup
                _ => (2, 3, 1, 0, 5), // POST hub message with the hub token
            };
            return new Recipe(
                mutation == 1 ? method : m,
                path,
                mutation == 2 ? api : a,
                mutation == 3 ? auth : t,
                mutation == 4 ? contentType : c,
                mutation == 5 ? body : b,
                noise,
                seed);
        }

        public override string ToString() =>
            $"{Methods[Method]} path#{Path} api='{ApiVersions[Api]}' auth#{Auth} type='{ContentTypes[ContentType]}' body#{Body} noise='{Noise}' seed={Seed}";
    }

    /// <summary>The request bytes, and the secrets it carries (keys and signatures that must never be logged).</summary>
    private static (byte[] Request, IEnumerable<string> Secrets) Build(Recipe r, TestEmulator emu, Dictionary<string, string> operations)
    {
        var random = new Random(r.Seed);
        var id = $"prop-{random.Next(6)}"; // prop-0..3 exist, prop-4 and prop-5 do not
        var scope = emu.IdScope;
        var noise = Uri.EscapeDataString(r.Noise);
        var path = r.Path switch
        {
            0 => $"/{scope}/registrations/{id}/register",
            1 => $"/{scope}/registrations/{id}/operations/{(random.Next(2) == 0 && operations.TryGetValue(id, out var op) ? op : noise)}",
            2 => $"/{scope}/registrations/{id}",
            3 => $"/devices/{id}/messages/events",
            4 => $"/0neBADSCOPE/registrations/{id}/register",
            5 => $"/{scope}/registrations/{noise}x/register",
            6 => $"/{scope}/registrations/%ZZ%00%2F..%2e/register",
            7 => $"/{scope}/registrations/{new string('a', random.Next(100, 30_000))}/register",
            8 => $"/{scope}/registrations/../../devices/{id}/messages/events",
            9 => $"/{scope}/registrations/{Uri.EscapeDataString("é😀\u0001")}/register",
            10 => $"//registrations//register",
            11 => "/" + noise,
            _ => $"/{scope}/registrations/a\u0001b c/register", // control character and space: not HTTP
        };
        var query = ApiVersions[r.Api] == "(none)" ? string.Empty : "?api-version=" + ApiVersions[r.Api];
        var hub = TestEmulator.Hub1;
        var now = emu.Now;
        var deviceKey = emu.DeviceKey(id);
        var registrationToken = Sas.ForRegistration(scope, id, deviceKey, now);
        var secrets = new List<string> { deviceKey, registrationToken, Sas.SignatureOf(registrationToken), Uri.EscapeDataString(Sas.SignatureOf(registrationToken)) };
        string? authorization = r.Auth switch
        {
            0 => registrationToken,
            1 => Sas.ForHub(hub, id, deviceKey, now),
            2 => null,
            3 => Sas.ForRegistration(scope, id, emu.GroupKey, now),
            4 => Mutate(registrationToken, random),
            5 => registrationToken[..registrationToken.IndexOf("&se=", StringComparison.Ordinal)],
            6 => registrationToken + "&sr=" + scope,
            7 => Sas.Token(Sas.Encode($"{scope}/registrations/{id}"), deviceKey, now.AddDays(-1).ToUnixTimeSeconds()),
            8 => "SharedAccessSignature " + r.Noise,
            9 => "SharedAccessSignature sr=" + new string('x', 5000),
            _ => "SharedAccessSignature sr=é&sig=ü&se=1", // non-ASCII header bytes
        };
        if (authorization is not null && r.Auth is 0 or 1 or 3 or 4 or 6 or 7)
        {
            secrets.Add(authorization); // a token with a real signature
            if (authorization.Contains("sig=", StringComparison.Ordinal) && authorization.StartsWith("SharedAccessSignature sr=", StringComparison.Ordinal))
            {
                try
                {
                    var sig = Sas.SignatureOf(authorization);
                    secrets.Add(sig);
                    secrets.Add(Uri.EscapeDataString(sig));
                }
                catch (InvalidOperationException)
                {
                    // a mutated token without exactly one sig
                }
            }
        }

        var bodyBytes = r.Body switch
        {
            0 => Encoding.UTF8.GetBytes($"{{\"registrationId\":\"{id}\"}}"),
            1 => Encoding.UTF8.GetBytes($"{{\"registrationId\":\"{id}\",\"payload\":{{\"fw\":\"{r.Noise.Replace("\\", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal)}\"}}}}"),
            2 => Encoding.UTF8.GetBytes($"{{\"registrationId\":\"{id}\",\"payload\":[1,2]}}"),
            3 => [],
            4 => "{}"u8.ToArray(),
            5 => Encoding.UTF8.GetBytes(r.Noise),
            6 => [.. Encoding.UTF8.GetBytes($"{{\"registrationId\":\"{id}\",\"payload\":{{\"x\":\""), 0xC3, 0x28, 0xFF, .. "\"}}"u8.ToArray()],
            7 => Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)),
            8 => Encoding.UTF8.GetBytes($"{{\"registrationId\":\"{id}\",\"payload\":{{\"x\":\"{new string('x', 70_000)}\"}}}}"),
            9 => new byte[270_000],
            10 => Encoding.UTF8.GetBytes("{\"registrationId\":12345}"),
            11 => Encoding.UTF8.GetBytes($"{{\"registrationId\":\"{id}\",\"pay"),
            12 => RandomBytes(random, random.Next(1, 2000)),
            _ => Encoding.UTF8.GetBytes($"{{\"registrationId\":\"{id}\"}}"),
        };

        var head = new StringBuilder();
        head.Append(Methods[r.Method]).Append(' ').Append(path).Append(query).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(r.Path == 3 && random.Next(2) == 0 ? hub : "localhost").Append("\r\n");
        if (authorization is not null)
        {
            head.Append("Authorization: ").Append(authorization).Append("\r\n");
        }

        if (ContentTypes[r.ContentType] != "(none)")
        {
            head.Append("Content-Type: ").Append(ContentTypes[r.ContentType]).Append("\r\n");
        }

        if (random.Next(8) == 0)
        {
            head.Append("X-Noise-").Append(random.Next(100)).Append(": ").Append(r.Noise.Replace('\r', ' ').Replace('\n', ' ')).Append("\r\n");
        }

        head.Append("Connection: close\r\n");
        byte[] framedBody;
        switch (r.Body)
        {
            case 13: // valid chunked framing
                head.Append("Transfer-Encoding: chunked\r\n");
                framedBody = [.. Encoding.ASCII.GetBytes($"{bodyBytes.Length:x}\r\n"), .. bodyBytes, .. "\r\n0\r\n\r\n"u8.ToArray()];
                break;
            case 14: // broken chunked framing
                head.Append("Transfer-Encoding: chunked\r\n");
                framedBody = "ZZ\r\nnot a chunk\r\n0\r\n\r\n"u8.ToArray();
                break;
            default:
                head.Append("Content-Length: ").Append(bodyBytes.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
                framedBody = bodyBytes;
                break;
        }

        head.Append("\r\n");
        return ([.. Encoding.UTF8.GetBytes(head.ToString()), .. framedBody], secrets);
    }

    private static string Mutate(string text, Random random)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < 3; i++)
        {
            var at = random.Next("SharedAccessSignature ".Length, chars.Length);
            chars[at] = (char)random.Next(0x21, 0x7F);
        }

        return new string(chars);
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
