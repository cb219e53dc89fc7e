using System.Text;

namespace NanoDps.Emulator.Cli;

/// <summary>What the command-line emulator prints once it listens.</summary>
internal static class ReadyBanner
{
    public static string Text(DpsEmulatorServer server)
    {
        var endpoint = $"{server.BaseAddress.Host}:{server.Port}";
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("DPS emulator ready");
        text.AppendLine($"  URL:       {server.BaseAddress}");
        text.AppendLine($"  CA:        {server.CaCertificatePath}");
        text.AppendLine($"  ID scope:  {server.IdScope}");
        text.AppendLine($"  Data:      {server.DataFolder}");
        text.AppendLine($"  Faults:    {server.Options.Faults.Name} (seed {server.Options.FaultSeed})");
        text.AppendLine($"  Assignment delay {server.Options.AssignmentDelay.TotalSeconds:0.###} s, Retry-After {server.Options.RetryAfterSeconds} s, "
            + $"{server.Options.Quotas.RegistrationsPerMinute} registrations/min, {server.Options.Quotas.OperationsPerMinute} operations/min, "
            + $"{server.Options.Quotas.PollsPerDevice} polls/device/{server.Options.Quotas.PollWindow.TotalSeconds:0} s");
        text.AppendLine("  Enrollments:");
        if (server.Enrollments.Groups.Count + server.Enrollments.Individuals.Count == 0)
        {
            text.AppendLine("    (none: add them to enrollments.json and restart)");
        }

        foreach (var g in server.Enrollments.Groups)
        {
            text.AppendLine($"    group '{g.EnrollmentGroupId}': {(g.Enabled ? "enabled" : "disabled")}, {g.AllocationPolicy.ToString().ToLowerInvariant()} over {Hubs(g.IotHubs)}");
        }

        foreach (var i in server.Enrollments.Individuals)
        {
            text.AppendLine($"    individual '{i.RegistrationId}': {(i.Enabled ? "enabled" : "disabled")}, {i.AllocationPolicy.ToString().ToLowerInvariant()} over {Hubs(i.IotHubs)}");
        }

        if (server.CreatedDemoEnrollment is { } demo)
        {
            text.AppendLine();
            text.AppendLine($"WARNING: the demo enrollment group '{demo.EnrollmentGroupId}' was just created with random keys.");
            text.AppendLine("They are printed this once (they are also in enrollments.json); use them with this emulator only.");
            text.AppendLine($"  primary key:   {demo.PrimaryKey}");
            text.AppendLine($"  secondary key: {demo.SecondaryKey}");
            text.AppendLine();
            text.AppendLine("Derive a device key (Azure docs, Linux):");
            text.AppendLine("  REG_ID=my-device-1");
            text.AppendLine($"  DEVICE_KEY=$(printf %s \"$REG_ID\" | openssl sha256 -mac HMAC -macopt hexkey:$(printf %s '{demo.PrimaryKey}' | base64 --decode | xxd -p -u -c 1000) -binary | base64)");
            text.AppendLine("Provision it with curl (docs/emulator.md walks through each step):");
            text.AppendLine($"  bash DpsEmulator/scripts/dps-curl-flow.sh --endpoint {endpoint} --cacert '{server.CaCertificatePath}' \\");
            text.AppendLine($"       --id-scope {server.IdScope} --registration-id \"$REG_ID\" --group-key '{demo.PrimaryKey}'");
        }

        text.AppendLine();
        text.AppendLine("Press Ctrl+C to stop.");
        return text.ToString();
    }

    private static string Hubs(IReadOnlyList<string> hubs) => hubs.Count == 0 ? "(no hub)" : string.Join(", ", hubs);
}
