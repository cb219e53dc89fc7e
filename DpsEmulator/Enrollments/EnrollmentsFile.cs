using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NanoDps.Emulator;

/// <summary>
/// The enrollment document format: <c>enrollments.json</c> in the data folder (import and export,
/// format in docs/emulator.md), and the same objects, one per row, in the store. Comments and
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
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
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
        File.WriteAllText(temp, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
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
    public static string Content(EnrollmentGroup group) => Row(group with { ETag = null, CreatedUtc = null, LastUpdatedUtc = null });

    /// <inheritdoc cref="Content(EnrollmentGroup)"/>
    public static string Content(IndividualEnrollment individual) => Row(individual with { ETag = null, CreatedUtc = null, LastUpdatedUtc = null });

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
        return new EnrollmentGroup
        {
            EnrollmentGroupId = id,
            PrimaryKey = m.PrimaryKey ?? throw new InvalidDataException($"{path}: group '{id}' has no primaryKey."),
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
        };
    }

    public static IndividualEnrollment ToIndividual(IndividualModel m, string path)
    {
        var id = m.RegistrationId ?? throw new InvalidDataException($"{path}: an individual enrollment has no registrationId.");
        return new IndividualEnrollment
        {
            RegistrationId = id,
            DeviceId = m.DeviceId,
            PrimaryKey = m.PrimaryKey ?? throw new InvalidDataException($"{path}: enrollment '{id}' has no primaryKey."),
            SecondaryKey = m.SecondaryKey,
            IotHubs = m.IotHubs ?? [],
            AllocationPolicy = ParsePolicy(m.AllocationPolicy, path),
            Enabled = ParseStatus(m.ProvisioningStatus, path),
            IotHubHostName = m.IotHubHostName,
            ReprovisionPolicy = m.ReprovisionPolicy?.ToPolicy() ?? ReprovisionPolicy.Default,
            IotEdge = m.Capabilities?.IotEdge ?? false,
            InitialTwinJson = ObjectText(m.InitialTwin, "initialTwin", path),
            OptionalDeviceInformationJson = ObjectText(m.OptionalDeviceInformation, "optionalDeviceInformation", path),
            CustomAllocationDefinitionJson = ObjectText(m.CustomAllocationDefinition, "customAllocationDefinition", path),
            CredentialPolicyName = m.CredentialPolicyName,
            ETag = m.Etag,
            CreatedUtc = m.CreatedDateTimeUtc,
            LastUpdatedUtc = m.LastUpdatedDateTimeUtc,
        };
    }

    /// <summary>The service API's name of a policy: <c>hashed</c>, <c>static</c> or <c>geoLatency</c>.</summary>
    public static string PolicyName(AllocationPolicy policy) => policy switch
    {
        AllocationPolicy.Static => "static",
        AllocationPolicy.GeoLatency => "geoLatency",
        _ => "hashed",
    };

    /// <summary>A policy name, any case; null when it is not one the emulator supports.</summary>
    public static AllocationPolicy? TryParsePolicy(string value) => value.ToLowerInvariant() switch
    {
        "hashed" => AllocationPolicy.Hashed,
        "static" => AllocationPolicy.Static,
        "geolatency" => AllocationPolicy.GeoLatency,
        _ => null,
    };

    private static GroupModel ToModel(EnrollmentGroup g) => new()
    {
        EnrollmentGroupId = g.EnrollmentGroupId,
        ProvisioningStatus = g.Enabled ? "enabled" : "disabled",
        AllocationPolicy = PolicyName(g.AllocationPolicy),
        IotHubs = [.. g.IotHubs],
        IotHubHostName = g.IotHubHostName,
        PrimaryKey = g.PrimaryKey,
        SecondaryKey = g.SecondaryKey,
        ReprovisionPolicy = ReprovisionModel.From(g.ReprovisionPolicy),
        Capabilities = g.IotEdge ? new CapabilitiesModel { IotEdge = true } : null,
        InitialTwin = Element(g.InitialTwinJson),
        CustomAllocationDefinition = Element(g.CustomAllocationDefinitionJson),
        CredentialPolicyName = g.CredentialPolicyName,
        CreatedDateTimeUtc = g.CreatedUtc,
        LastUpdatedDateTimeUtc = g.LastUpdatedUtc,
        Etag = g.ETag,
    };

    private static IndividualModel ToModel(IndividualEnrollment i) => new()
    {
        RegistrationId = i.RegistrationId,
        DeviceId = i.DeviceId,
        ProvisioningStatus = i.Enabled ? "enabled" : "disabled",
        AllocationPolicy = PolicyName(i.AllocationPolicy),
        IotHubs = [.. i.IotHubs],
        IotHubHostName = i.IotHubHostName,
        PrimaryKey = i.PrimaryKey,
        SecondaryKey = i.SecondaryKey,
        ReprovisionPolicy = ReprovisionModel.From(i.ReprovisionPolicy),
        Capabilities = i.IotEdge ? new CapabilitiesModel { IotEdge = true } : null,
        InitialTwin = Element(i.InitialTwinJson),
        OptionalDeviceInformation = Element(i.OptionalDeviceInformationJson),
        CustomAllocationDefinition = Element(i.CustomAllocationDefinitionJson),
        CredentialPolicyName = i.CredentialPolicyName,
        CreatedDateTimeUtc = i.CreatedUtc,
        LastUpdatedDateTimeUtc = i.LastUpdatedUtc,
        Etag = i.ETag,
    };

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
        : TryParsePolicy(value) ?? throw new InvalidDataException($"{path}: allocationPolicy '{value}' is not 'hashed', 'geoLatency' or 'static'.");

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

internal sealed class IndividualModel
{
    public string? RegistrationId { get; set; }
    public string? DeviceId { get; set; }
    public string? ProvisioningStatus { get; set; }
    public string? AllocationPolicy { get; set; }
    public List<string>? IotHubs { get; set; }
    public string? IotHubHostName { get; set; }
    public string? PrimaryKey { get; set; }
    public string? SecondaryKey { get; set; }
    public ReprovisionModel? ReprovisionPolicy { get; set; }
    public CapabilitiesModel? Capabilities { get; set; }
    public JsonElement? InitialTwin { get; set; }
    public JsonElement? OptionalDeviceInformation { get; set; }
    public JsonElement? CustomAllocationDefinition { get; set; }
    public string? CredentialPolicyName { get; set; }
    public DateTimeOffset? CreatedDateTimeUtc { get; set; }
    public DateTimeOffset? LastUpdatedDateTimeUtc { get; set; }
    public string? Etag { get; set; }
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
