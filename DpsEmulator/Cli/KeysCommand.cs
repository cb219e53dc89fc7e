using System.CommandLine;

namespace NanoDps.Emulator.Cli;

/// <summary>
/// <c>keys</c>: prints one enrollment key from the data folder's enrollments.json on stdout, alone,
/// for <c>GROUP_KEY=$(...)</c>, or with <c>--service</c> the service API's connection string. The
/// emulator never prints keys by itself (its output may end up in a log); this is the way to read them later.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var data = CommandLine.DataOption();
        var enrollment = new Option<string>("--enrollment")
        {
            Description = "Enrollment group id or individual enrollment's registration id (default: demo-group, else the first group)",
            HelpName = "id",
        };
        var secondary = new Option<bool>("--secondary") { Description = "The secondary key instead of the primary" };
        var service = new Option<bool>("--service")
        {
            Description = "The service API's connection string (policy provisioningserviceowner) from <data>/service-connection-string.txt instead",
        };
        var command = new Command(
            "keys",
            "Print one enrollment key (primary by default) from <data>/enrollments.json, or with --service the service API's connection string, "
            + "alone on stdout. Keys are secrets: put them in a variable or a file, never in a log.")
        {
            data, enrollment, secondary, service,
        };
        command.SetAction(parse => parse.GetValue(service)
            ? PrintConnectionString(parse.GetValue(data)!, parse.GetValue(enrollment), parse.GetValue(secondary), stdout, stderr)
            : Print(parse.GetValue(data)!, parse.GetValue(enrollment), parse.GetValue(secondary), stdout, stderr));
        return command;
    }

    private static int PrintConnectionString(string dataFolder, string? enrollmentId, bool secondary, TextWriter stdout, TextWriter stderr)
    {
        if (enrollmentId is not null)
        {
            stderr.WriteLine("error: --service prints the service connection string; it takes no --enrollment.");
            return ExitCodes.Usage;
        }

        var folder = Path.GetFullPath(dataFolder);
        var path = Path.Combine(folder, ServiceCredentials.ConnectionStringFileName);
        if (!File.Exists(path))
        {
            stderr.WriteLine($"error: {path} does not exist; start the emulator once with --data {dataFolder} to create it, or pass the data folder with --data.");
            return ExitCodes.Usage;
        }

        var connectionString = File.ReadAllText(path).Trim();
        if (secondary && !File.Exists(Path.Combine(folder, ServiceCredentials.PolicyFileName)))
        {
            stderr.WriteLine($"error: {Path.Combine(folder, ServiceCredentials.PolicyFileName)} does not exist; start the emulator once with --data {dataFolder} to create it.");
            return ExitCodes.Usage;
        }

        if (secondary)
        {
            try
            {
                var host = connectionString.Split(';')[0]["HostName=".Length..];
                connectionString = ServiceCredentials.LoadOrCreate(folder, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).ConnectionString(host, secondary: true);
            }
            catch (InvalidDataException e)
            {
                stderr.WriteLine("error: " + e.Message.ReplaceLineEndings(" "));
                return ExitCodes.Usage;
            }
        }

        stdout.WriteLine(connectionString);
        return ExitCodes.Stopped;
    }

    private static int Print(string dataFolder, string? enrollmentId, bool secondary, TextWriter stdout, TextWriter stderr)
    {
        var path = Path.Combine(Path.GetFullPath(dataFolder), EnrollmentsFile.FileName);
        if (!File.Exists(path))
        {
            stderr.WriteLine($"error: {path} does not exist; start the emulator once with --data {dataFolder} to create it, or pass the data folder with --data.");
            return ExitCodes.Usage;
        }

        EnrollmentsFileModel model;
        try
        {
            model = EnrollmentsFile.Read(path);
        }
        catch (InvalidDataException e)
        {
            stderr.WriteLine("error: " + e.Message.ReplaceLineEndings(" "));
            return ExitCodes.Usage;
        }

        var groups = model.EnrollmentGroups ?? [];
        var individuals = model.IndividualEnrollments ?? [];
        var (name, primary, secondaryKey) = enrollmentId is null
            ? (groups.FirstOrDefault(g => g.EnrollmentGroupId == "demo-group") ?? groups.FirstOrDefault()) is { } first
                ? (first.EnrollmentGroupId, first.PrimaryKey, first.SecondaryKey)
                : (null, null, null)
            : groups.FirstOrDefault(g => Same(g.EnrollmentGroupId, enrollmentId)) is { } group
                ? (group.EnrollmentGroupId, group.PrimaryKey, group.SecondaryKey)
                : individuals.FirstOrDefault(i => Same(i.RegistrationId, enrollmentId)) is { } individual
                    ? (individual.RegistrationId, individual.PrimaryKey, individual.SecondaryKey)
                    : (null, null, null);
        if (name is null)
        {
            var known = groups.Select(g => g.EnrollmentGroupId).Concat(individuals.Select(i => i.RegistrationId)).ToList();
            stderr.WriteLine(enrollmentId is null
                ? $"error: {path} has no enrollment group; name an individual enrollment with --enrollment{(known.Count > 0 ? " (" + string.Join(", ", known) + ")" : string.Empty)}."
                : $"error: --enrollment '{enrollmentId}' is not in {path}; known: {(known.Count > 0 ? string.Join(", ", known) : "none")}.");
            return ExitCodes.Usage;
        }

        var key = secondary ? secondaryKey : primary;
        if (string.IsNullOrEmpty(key))
        {
            stderr.WriteLine($"error: enrollment '{name}' has no {(secondary ? "secondary" : "primary")} key in {path}.");
            return ExitCodes.Usage;
        }

        stdout.WriteLine(key);
        return ExitCodes.Stopped;
    }

    private static bool Same(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
