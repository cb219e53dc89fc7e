using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NanoDps.Emulator;

/// <summary>
/// The enrollment document format: <c>enrollments.json</c> in the data folder (import and export,
/// format in docs/reference/emulator-files.md), and the same objects, one per row, in the store. Comments and
/// trailing commas are allowed in the file; unknown properties are an error so typos don't pass silently.
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

    private static readonly JsonSerializerOptions RowOptions = new(Options) { WriteIndented = false };

    public static EnrollmentsFileModel Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (JsonException e)
        {
            throw NotJson(path, e);
        }
    }

    /// <summary>
    /// The file, the line and the fix for text the JSON reader refused, e.g. "enrollments.json line 3,
    /// column 7 is not valid JSON: 'n' is an invalid start of a property name ...; fix that line ...".
    /// </summary>
    public static InvalidDataException NotJson(string path, JsonException e)
    {
        // The reader's message ends with "Path: $ | LineNumber: 0 | BytePositionInLine: 6.", counted from 0.
        var reason = e.Message;
        var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        reason = (cut > 0 ? reason[..cut] : reason).Trim().TrimEnd('.');
        var where = e.LineNumber is { } line
            ? $"{path} line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}"
            : path;
        return new InvalidDataException(
            $"{where} is not valid JSON: {reason}; fix that line (names and text in double quotes, a comma between items), "
            + "or move the file away: the emulator then starts from the enrollments kept in registrations.db (or the demo group) and writes the file anew.", e);
    }

    /// <summary>Parses the file's text; <paramref name="path"/> names it in errors.</summary>
    public static EnrollmentsFileModel Parse(string text, string path) =>
        JsonSerializer.Deserialize<EnrollmentsFileModel>(text, Options) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>The file's text for <paramref name="model"/> (what an export writes).</summary>
    public static string Text(EnrollmentsFileModel model) => JsonSerializer.Serialize(model, Options) + "\n";

    /// <summary>SHA-256 of a file's text, hex: how the export recognises its own files.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Writes <paramref name="text"/> to a temp file (0600: it holds keys), then renames it over <paramref name="path"/>.</summary>
    public static void WriteText(string path, string text)
    {
        var temp = path + ".tmp";
        WritePrivate(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> and makes it 0600 (the caller renames it into place).</summary>
    public static void WritePrivate(string path, string text)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>A group as one compact JSON object (a row of the store).</summary>
    public static string Row(EnrollmentGroup group) => JsonSerializer.Serialize(ToModel(group), RowOptions);

    /// <summary>An individual enrollment as one compact JSON object (a row of the store).</summary>
    public static string Row(IndividualEnrollment individual) => JsonSerializer.Serialize(ToModel(individual), RowOptions);

    public static EnrollmentGroup GroupFromRow(string row, string where) =>
        ToGroup(JsonSerializer.Deserialize<GroupModel>(row, RowOptions) ?? throw new InvalidDataException($"{where}: an empty group row."), where);

    public static IndividualEnrollment IndividualFromRow(string row, string where) =>
        ToIndividual(JsonSerializer.Deserialize<IndividualModel>(row, RowOptions) ?? throw new InvalidDataException($"{where}: an empty enrollment row."), where);

    /// <summary>What an enrollment says, without the etag and timestamps the emulator keeps (to tell a changed one).</summary>
    public static string Content(Enrollment enrollment) =>
        ((Enrollment)enrollment with { ETag = null, CreatedUtc = null, LastUpdatedUtc = null }) switch
        {
            EnrollmentGroup g => Row(g),
            IndividualEnrollment i => Row(i),
            _ => throw new ArgumentException("Unknown kind of enrollment.", nameof(enrollment)),
        };

    public static EnrollmentsFileModel ToModel(string idScope, IEnumerable<EnrollmentGroup> groups, IEnumerable<IndividualEnrollment> individuals) =>
        new()
        {
            IdScope = idScope,
            EnrollmentGroups = [.. groups.Select(ToModel)],
            IndividualEnrollments = [.. individuals.Select(ToModel)],
        };

    public static EnrollmentGroup ToGroup(GroupModel m, string path)
    {
        var id = m.EnrollmentGroupId ?? throw new InvalidDataException($"{path}: an enrollment group has no enrollmentGroupId.");
        return WithCommon(new EnrollmentGroup { EnrollmentGroupId = id, PrimaryKey = string.Empty, IotHubs = [] }, m, $"group '{id}'", path);
    }

    public static IndividualEnrollment ToIndividual(IndividualModel m, string path)
    {
        var id = m.RegistrationId ?? throw new InvalidDataException($"{path}: an individual enrollment has no registrationId.");
        return WithCommon(
            new IndividualEnrollment
            {
                RegistrationId = id,
                DeviceId = m.DeviceId,
                OptionalDeviceInformationJson = ObjectText(m.OptionalDeviceInformation, "optionalDeviceInformation", path),
                PrimaryKey = string.Empty,
                IotHubs = [],
            },
            m,
            $"enrollment '{id}'",
            path);
    }

    /// <summary>The service API's name of a policy: <c>hashed</c>, <c>static</c> or <c>geoLatency</c>.</summary>
    public static string PolicyName(AllocationPolicy policy) => policy switch
    {
        AllocationPolicy.Static => "static",
        AllocationPolicy.GeoLatency => "geoLatency",
        AllocationPolicy.Custom => "custom",
        _ => "hashed",
    };

    /// <summary>A policy name, any case; null when it is not one the emulator supports.</summary>
    public static AllocationPolicy? TryParsePolicy(string value) => value.ToLowerInvariant() switch
    {
        "hashed" => AllocationPolicy.Hashed,
        "static" => AllocationPolicy.Static,
        "geolatency" => AllocationPolicy.GeoLatency,
        "custom" => AllocationPolicy.Custom,
        _ => null,
    };

    private static GroupModel ToModel(EnrollmentGroup g) => Common(new GroupModel { EnrollmentGroupId = g.EnrollmentGroupId }, g);

    private static IndividualModel ToModel(IndividualEnrollment i) => Common(
        new IndividualModel { RegistrationId = i.RegistrationId, DeviceId = i.DeviceId, OptionalDeviceInformation = Element(i.OptionalDeviceInformationJson) },
        i);

    /// <summary>Fills the fields every enrollment has into its model.</summary>
    private static T Common<T>(T m, Enrollment e)
        where T : EnrollmentModel
    {
        m.ProvisioningStatus = e.Enabled ? "enabled" : "disabled";
        m.AllocationPolicy = PolicyName(e.AllocationPolicy);
        m.IotHubs = [.. e.IotHubs];
        m.IotHubHostName = e.IotHubHostName;
        m.PrimaryKey = e.PrimaryKey;
        m.SecondaryKey = e.SecondaryKey;
        m.ReprovisionPolicy = ReprovisionModel.From(e.ReprovisionPolicy);
        m.Capabilities = e.IotEdge ? new CapabilitiesModel { IotEdge = true } : null;
        m.InitialTwin = Element(e.InitialTwinJson);
        m.CustomAllocationDefinition = Element(e.CustomAllocationDefinitionJson);
        m.CredentialPolicyName = e.CredentialPolicyName;
        m.CreatedDateTimeUtc = e.CreatedUtc;
        m.LastUpdatedDateTimeUtc = e.LastUpdatedUtc;
        m.Etag = e.ETag;
        return m;
    }

    /// <summary>The enrollment <paramref name="e"/> with the fields every enrollment has, from its model.</summary>
    private static T WithCommon<T>(T e, EnrollmentModel m, string what, string path)
        where T : Enrollment =>
        CheckCustom((T)((Enrollment)e with
        {
            PrimaryKey = m.PrimaryKey ?? throw new InvalidDataException($"{path}: {what} has no primaryKey."),
            SecondaryKey = m.SecondaryKey,
            IotHubs = m.IotHubs ?? [],
            AllocationPolicy = ParsePolicy(m.AllocationPolicy, path),
            Enabled = ParseStatus(m.ProvisioningStatus, path),
            IotHubHostName = m.IotHubHostName,
            ReprovisionPolicy = m.ReprovisionPolicy?.ToPolicy() ?? ReprovisionPolicy.Default,
            IotEdge = m.Capabilities?.IotEdge ?? false,
            InitialTwinJson = ObjectText(m.InitialTwin, "initialTwin", path),
            CustomAllocationDefinitionJson = ObjectText(m.CustomAllocationDefinition, "customAllocationDefinition", path),
            CredentialPolicyName = m.CredentialPolicyName,
            ETag = m.Etag,
            CreatedUtc = m.CreatedDateTimeUtc,
            LastUpdatedUtc = m.LastUpdatedDateTimeUtc,
        }), what, path);

    private static T CheckCustom<T>(T e, string what, string path)
        where T : Enrollment =>
        CustomAllocationDefinition.Problem(e) is { } problem ? throw new InvalidDataException($"{path}: {what}: {problem}") : e;

    private static JsonElement? Element(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string? ObjectText(JsonElement? element, string name, string path) => element switch
    {
        null or { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.Object } e => e.GetRawText(),
        _ => throw new InvalidDataException($"{path}: {name} must be a JSON object."),
    };

    private static AllocationPolicy ParsePolicy(string? value, string path) =>
        value is null ? AllocationPolicy.Hashed
        : TryParsePolicy(value) ?? throw new InvalidDataException($"{path}: allocationPolicy '{value}' is not 'hashed', 'geoLatency', 'static' or 'custom'.");

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

/// <summary>The fields every enrollment has, in the file and in a row of the store.</summary>
internal abstract class EnrollmentModel
{
    public string? ProvisioningStatus { get; set; }
    public string? AllocationPolicy { get; set; }
    public List<string>? IotHubs { get; set; }
    public string? IotHubHostName { get; set; }
    public string? PrimaryKey { get; set; }
    public string? SecondaryKey { get; set; }
    public ReprovisionModel? ReprovisionPolicy { get; set; }
    public CapabilitiesModel? Capabilities { get; set; }
    public JsonElement? InitialTwin { get; set; }
    public JsonElement? CustomAllocationDefinition { get; set; }
    public string? CredentialPolicyName { get; set; }
    public DateTimeOffset? CreatedDateTimeUtc { get; set; }
    public DateTimeOffset? LastUpdatedDateTimeUtc { get; set; }
    public string? Etag { get; set; }
}

internal sealed class GroupModel : EnrollmentModel
{
    [JsonPropertyOrder(-1)]
    public string? EnrollmentGroupId { get; set; }
}

internal sealed class IndividualModel : EnrollmentModel
{
    [JsonPropertyOrder(-2)]
    public string? RegistrationId { get; set; }

    [JsonPropertyOrder(-1)]
    public string? DeviceId { get; set; }

    public JsonElement? OptionalDeviceInformation { get; set; }
}

/// <summary><c>reprovisionPolicy</c> in the file: written only when it is not DPS's default.</summary>
internal sealed class ReprovisionModel
{
    public bool? UpdateHubAssignment { get; set; }
    public bool? MigrateDeviceData { get; set; }

    public static ReprovisionModel? From(ReprovisionPolicy policy) =>
        policy == ReprovisionPolicy.Default ? null : new() { UpdateHubAssignment = policy.UpdateHubAssignment, MigrateDeviceData = policy.MigrateDeviceData };

    public ReprovisionPolicy ToPolicy() => new(UpdateHubAssignment ?? true, MigrateDeviceData ?? true);
}

internal sealed class CapabilitiesModel
{
    public bool IotEdge { get; set; }
}
