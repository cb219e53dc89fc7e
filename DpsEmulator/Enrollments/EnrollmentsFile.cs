using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NanoDps.Emulator;

/// <summary>
/// The <c>enrollments.json</c> file of the data folder (format in docs/emulator.md). Comments and
/// trailing commas are allowed; unknown properties are an error so typos don't pass silently.
/// </summary>
internal static class EnrollmentsFile
{
    public const string FileName = "enrollments.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Keys as they are ('+' not "\u002B"): users copy them from this file into other tools.
        // The file is only read as JSON, never embedded in HTML, so the relaxed escaping is safe here.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static EnrollmentsFileModel Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<EnrollmentsFileModel>(File.ReadAllText(path), Options)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public static void Write(string path, EnrollmentsFileModel model)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(model, Options));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static EnrollmentsFileModel ToModel(string idScope, IEnumerable<EnrollmentGroup> groups, IEnumerable<IndividualEnrollment> individuals) =>
        new()
        {
            IdScope = idScope,
            EnrollmentGroups =
            [
                .. groups.Select(g => new GroupModel
                {
                    EnrollmentGroupId = g.EnrollmentGroupId,
                    ProvisioningStatus = g.Enabled ? "enabled" : "disabled",
                    AllocationPolicy = PolicyName(g.AllocationPolicy),
                    IotHubs = [.. g.IotHubs],
                    PrimaryKey = g.PrimaryKey,
                    SecondaryKey = g.SecondaryKey,
                }),
            ],
            IndividualEnrollments =
            [
                .. individuals.Select(i => new IndividualModel
                {
                    RegistrationId = i.RegistrationId,
                    DeviceId = i.DeviceId,
                    ProvisioningStatus = i.Enabled ? "enabled" : "disabled",
                    AllocationPolicy = PolicyName(i.AllocationPolicy),
                    IotHubs = [.. i.IotHubs],
                    PrimaryKey = i.PrimaryKey,
                    SecondaryKey = i.SecondaryKey,
                }),
            ],
        };

    public static EnrollmentGroup ToGroup(GroupModel m, string path) => new()
    {
        EnrollmentGroupId = m.EnrollmentGroupId ?? throw new InvalidDataException($"{path}: an enrollment group has no enrollmentGroupId."),
        PrimaryKey = m.PrimaryKey ?? throw new InvalidDataException($"{path}: group '{m.EnrollmentGroupId}' has no primaryKey."),
        SecondaryKey = m.SecondaryKey,
        IotHubs = m.IotHubs ?? [],
        AllocationPolicy = ParsePolicy(m.AllocationPolicy, path),
        Enabled = ParseStatus(m.ProvisioningStatus, path),
    };

    public static IndividualEnrollment ToIndividual(IndividualModel m, string path) => new()
    {
        RegistrationId = m.RegistrationId ?? throw new InvalidDataException($"{path}: an individual enrollment has no registrationId."),
        DeviceId = m.DeviceId,
        PrimaryKey = m.PrimaryKey ?? throw new InvalidDataException($"{path}: enrollment '{m.RegistrationId}' has no primaryKey."),
        SecondaryKey = m.SecondaryKey,
        IotHubs = m.IotHubs ?? [],
        AllocationPolicy = ParsePolicy(m.AllocationPolicy, path),
        Enabled = ParseStatus(m.ProvisioningStatus, path),
    };

    private static string PolicyName(AllocationPolicy policy) => policy == AllocationPolicy.Static ? "static" : "hashed";

    private static AllocationPolicy ParsePolicy(string? value, string path) => value?.ToLowerInvariant() switch
    {
        null or "hashed" => AllocationPolicy.Hashed,
        "static" => AllocationPolicy.Static,
        _ => throw new InvalidDataException($"{path}: allocationPolicy '{value}' is not 'hashed' or 'static'."),
    };

    private static bool ParseStatus(string? value, string path) => value?.ToLowerInvariant() switch
    {
        null or "enabled" => true,
        "disabled" => false,
        _ => throw new InvalidDataException($"{path}: provisioningStatus '{value}' is not 'enabled' or 'disabled'."),
    };
}

internal sealed class EnrollmentsFileModel
{
    public string? IdScope { get; set; }
    public List<GroupModel>? EnrollmentGroups { get; set; }
    public List<IndividualModel>? IndividualEnrollments { get; set; }
}

internal sealed class GroupModel
{
    public string? EnrollmentGroupId { get; set; }
    public string? ProvisioningStatus { get; set; }
    public string? AllocationPolicy { get; set; }
    public List<string>? IotHubs { get; set; }
    public string? PrimaryKey { get; set; }
    public string? SecondaryKey { get; set; }
}

internal sealed class IndividualModel
{
    public string? RegistrationId { get; set; }
    public string? DeviceId { get; set; }
    public string? ProvisioningStatus { get; set; }
    public string? AllocationPolicy { get; set; }
    public List<string>? IotHubs { get; set; }
    public string? PrimaryKey { get; set; }
    public string? SecondaryKey { get; set; }
}
