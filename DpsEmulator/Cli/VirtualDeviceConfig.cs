using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NanoDps.Emulator.Cli;

/// <summary>
/// <c>device.json</c> in the data folder: a config for the virtual device (the board's format) that
/// provisions against this emulator as it runs now (its id scope, <c>localhost:&lt;port&gt;</c>, the
/// demo group's key), and the command that runs the virtual device with it. Written at every start,
/// since the port may change; it holds a group key, so it is a secret like enrollments.json (0600).
/// </summary>
internal static partial class VirtualDeviceConfig
{
    public const string FileName = "device.json";

    /// <summary>How often the virtual device's application reports with this config: a demo pace, not the board's 300 s.</summary>
    public const int DemoTelemetryIntervalSeconds = 10;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keys with '+' stay copyable
    };

    /// <summary>What was written; null when no enrollment group exists to join.</summary>
    public sealed record Written(string Path, string GroupId, string Command);

    public static Written? Write(DpsEmulatorServer server)
    {
        var group = server.Enrollments.Groups.FirstOrDefault(g => g.EnrollmentGroupId == "demo-group") ?? server.Enrollments.Groups.FirstOrDefault();
        if (group is null)
        {
            return null;
        }

        var listen = server.Options.ListenAddress;
        var local = IPAddress.IsLoopback(listen) || listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any);
        var endpointHost = local ? "localhost" : server.BaseAddress.Host;
        var target = local ? "127.0.0.1" : server.BaseAddress.Host;
        var path = Path.Combine(server.DataFolder, FileName);
        var config = new Dictionary<string, object>
        {
            ["_comment"] = $"Written by the DPS emulator for the virtual device; it holds the key of the enrollment group '{group.EnrollmentGroupId}': a secret like enrollments.json. Rewritten at every start of the emulator (the port may change).",
            ["idScope"] = server.IdScope,
            ["endpoint"] = $"{endpointHost}:{server.Port}",
            ["groupKey"] = group.PrimaryKey,

            // The board's 300 s would make `--app-messages 3` a 10-minute wait; the shortest it accepts is 10 s.
            ["telemetryIntervalSeconds"] = DemoTelemetryIntervalSeconds,
        };
        EnrollmentsFile.WriteText(path, JsonSerializer.Serialize(config, Json) + "\n");

        var command = $"dotnet run --project VirtualDevice -- --config {Quote(path)} --ca {Quote(server.CaCertificatePath)} "
            + $"--flash {Quote(Path.Combine(server.DataFolder, "virtual-board"))}"
            + string.Concat(group.HubsToAllocate(server.Options.LinkedHubs).Select(h => $" --resolve {h.ToLowerInvariant()}={target}:{server.Port}"));
        return new Written(path, group.EnrollmentGroupId, command);
    }

    /// <summary>A path as a POSIX shell word.</summary>
    public static string Quote(string text) => SafeWord().IsMatch(text) ? text : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_./:=@+-]+$")]
    private static partial Regex SafeWord();
}
