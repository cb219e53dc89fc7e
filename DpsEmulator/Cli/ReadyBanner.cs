using System.Text;

namespace NanoDps.Emulator.Cli;

/// <summary>
/// What the command-line emulator prints once it listens. Never a key nor the service connection
/// string: this output may end up in a log; the keys stay in the data folder's files, and <c>keys</c>
/// prints one on request.
/// </summary>
internal static class ReadyBanner
{
    /// <summary>Enrollments listed one per line; beyond that a count (the commands below must stay in sight).</summary>
    public const int Listed = 10;

    public static string Text(DpsEmulatorServer server, VirtualDeviceConfig.Written? deviceConfig)
    {
        var endpoint = $"{server.BaseAddress.Host}:{server.Port}";
        var data = VirtualDeviceConfig.Quote(server.DataFolder);
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("DPS emulator ready");
        text.AppendLine($"  URL:       {server.BaseAddress}");
        text.AppendLine($"  Dashboard: {server.BaseAddress} " + (server.DashboardSignInRequired
            ? $"(sign in with the service key: {server.ServiceConnectionStringPath})"
            : "(live; open to this machine only, as the emulator listens on loopback)"));
        text.AppendLine($"  CA:        {server.CaCertificatePath}");
        text.AppendLine($"  ID scope:  {server.IdScope}");
        text.AppendLine($"  Data:      {server.DataFolder}");
        text.AppendLine($"  Faults:    {server.Options.Faults.Name} (seed {server.Options.FaultSeed})");
        text.AppendLine($"  Assignment delay {server.Options.AssignmentDelay.TotalSeconds:0.###} s, Retry-After {server.Options.RetryAfterSeconds} s, "
            + $"{server.Options.Quotas.RegistrationsPerMinute} registrations/min, {server.Options.Quotas.OperationsPerMinute} operations/min, "
            + $"{server.Options.Quotas.PollsPerDevice} polls/device/{server.Options.Quotas.PollWindow.TotalSeconds:0} s");
        var groups = server.Enrollments.Groups;
        var individuals = server.Enrollments.Individuals;
        text.AppendLine(groups.Count + individuals.Count <= Listed
            ? "  Enrollments:"
            : $"  Enrollments: {groups.Count} group(s) and {individuals.Count} individual enrollment(s); the first {Listed} here, the dashboard lists them all:");
        if (groups.Count + individuals.Count == 0)
        {
            text.AppendLine("    (none: add them to enrollments.json and restart)");
        }

        foreach (var line in groups.Select(g => $"    group '{g.EnrollmentGroupId}': {Summary(g, server.Options.LinkedHubs)}")
            .Concat(individuals.Select(i => $"    individual '{i.RegistrationId}': {Summary(i, server.Options.LinkedHubs)}"))
            .Take(Listed))
        {
            text.AppendLine(line);
        }

        text.AppendLine($"  Keys:      in {Path.Combine(server.DataFolder, EnrollmentsFile.FileName)} (a secret, mode 0600; never printed here)");
        text.AppendLine($"  Service API: https://{server.ServiceHostName}:{server.Port}/ (enrollments, enrollmentGroups, registrations; api-version 2021-10-01)");
        text.AppendLine($"  Service connection string: in {server.ServiceConnectionStringPath} (a secret, mode 0600; never printed here)");
        text.AppendLine($"    HostName={server.ServiceHostName} has no port (the Node and C# service SDKs take none): give them port {server.Port} another way;");
        text.AppendLine($"    az iot dps takes HostName={server.ServiceHostName}:{server.Port}. Print it: dotnet run --project DpsEmulator -- keys --data {data} --service");
        if (server.CreatedDemoEnrollment is { } demo)
        {
            text.AppendLine();
            text.AppendLine($"Created the demo enrollment group '{demo.EnrollmentGroupId}' with random keys; use them with this emulator only.");
        }

        if (deviceConfig is not null)
        {
            text.AppendLine();
            text.AppendLine($"Virtual device against this emulator (device.json joins group '{deviceConfig.GroupId}'; it holds the group key, a secret like enrollments.json):");
            text.AppendLine("  " + deviceConfig.Command);
            text.AppendLine();
            text.AppendLine("Provision with curl and openssl (docs/how-to/emulator.md walks through each step):");
            text.AppendLine($"  GROUP_KEY=$(dotnet run --project DpsEmulator -- keys --data {data} --enrollment {deviceConfig.GroupId})");
            text.AppendLine($"  bash DpsEmulator/scripts/dps-curl-flow.sh --endpoint {endpoint} --cacert {VirtualDeviceConfig.Quote(server.CaCertificatePath)} \\");
            text.AppendLine($"       --id-scope {server.IdScope} --registration-id my-device-1 --group-key \"$GROUP_KEY\"");
        }

        text.AppendLine();
        text.AppendLine("Press Ctrl+C to stop.");
        return text.ToString();
    }

    /// <summary>Enabled or not, the policy as the service API names it, and the hubs its devices are allocated over.</summary>
    private static string Summary(Enrollment e, IReadOnlyList<string> linkedHubs)
    {
        var hubs = e.HubsToAllocate(linkedHubs);
        var webhook = CustomAllocationDefinition.Parse(e.CustomAllocationDefinitionJson) is { } custom && e.AllocationPolicy == AllocationPolicy.Custom
            ? $" (webhook {CustomAllocationDefinition.Redacted(custom.WebhookUrl)})"
            : string.Empty;
        return $"{(e.Enabled ? "enabled" : "disabled")}, {EnrollmentsFile.PolicyName(e.AllocationPolicy)}{webhook} over {(hubs.Count == 0 ? "(no hub)" : string.Join(", ", hubs))}";
    }
}
