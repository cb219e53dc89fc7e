using System.Diagnostics;
using System.Text.Json;

namespace NanoDps.Benchmarks.Load;

/// <summary>
/// The dashboard's live feed (<c>GET /emulator/events</c>, Server-Sent Events) held open and read
/// to the end, as a browser showing the dashboard does, while the load runs (<c>--load --dashboard</c>).
/// </summary>
internal sealed class DashboardFeed : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private long _lastEvent = Stopwatch.GetTimestamp();

    private DashboardFeed(HttpClient http)
    {
        _http = http;
        _reading = Task.Run(ReadAsync);
    }

    /// <summary>State events received.</summary>
    public int Events { get; private set; }

    /// <summary>Bytes of the events' data.</summary>
    public long Bytes { get; private set; }

    /// <summary>The longest time between two events.</summary>
    public TimeSpan LongestGap { get; private set; }

    /// <summary>The registrations the newest event counted.</summary>
    public long LastRegistrationTotal { get; private set; }

    /// <summary>Why the feed ended early, or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>Opens the feed on a connection of its own (<paramref name="http"/> is disposed with the feed).</summary>
    public static DashboardFeed Open(HttpClient http)
    {
        http.Timeout = Timeout.InfiniteTimeSpan;
        return new DashboardFeed(http);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            using var response = await _http.GetAsync("emulator/events", HttpCompletionOption.ResponseHeadersRead, _stop.Token);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (!line.StartsWith("data: {", StringComparison.Ordinal))
                {
                    continue;
                }

                var gap = Stopwatch.GetElapsedTime(_lastEvent);
                _lastEvent = Stopwatch.GetTimestamp();
                LongestGap = Events > 0 && gap > LongestGap ? gap : LongestGap;
                Events++;
                Bytes += line.Length - 6;
                using var state = JsonDocument.Parse(line.AsMemory(6));
                LastRegistrationTotal = state.RootElement.GetProperty("registrations").GetProperty("total").GetInt64();
            }

            Failure = "the emulator ended the feed";
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
        {
            Failure = e.Message;
        }
    }
}
