using System.Text.Json;

namespace NanoDps.Emulator;

/// <summary>
/// The service API's JSON: enrollment bodies read as the service reads them (unknown and read-only
/// properties ignored, property names as the swagger spells them, every refusal naming the field),
/// and answers written in the swagger's property order.
/// </summary>
internal static class ServiceJson
{
    /// <summary>An individual enrollment from a PUT or bulk body; <paramref name="pathId"/> is the id it must carry.</summary>
    /// <exception cref="ServiceRefusal">The body is not a valid enrollment (the message names the field).</exception>
    public static IndividualEnrollment ReadIndividual(JsonElement root, string pathId)
    {
        RequireObject(root, "The body");
        var id = String(root, "registrationId");
        if (id is not null && !id.Equals(pathId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ServiceRefusal(DpsErrorCodes.RegistrationIdMismatch, $"registrationId '{id}' of the body differs from '{pathId}' of the path.");
        }

        var deviceId = String(root, "deviceId");
        if (deviceId is not null && !Identifiers.IsValidRegistrationId(deviceId))
        {
            throw Invalid($"deviceId '{deviceId}' must be 1 to 128 letters, digits and - . _ :, starting and ending with a letter or digit.");
        }

        return WithCommon(
            new IndividualEnrollment
            {
                RegistrationId = id ?? pathId,
                DeviceId = deviceId,
                OptionalDeviceInformationJson = Object(root, "optionalDeviceInformation"),
                PrimaryKey = string.Empty,
                IotHubs = [],
            },
            root);
    }

    /// <summary>An enrollment group from a PUT or bulk body; <paramref name="pathId"/> is the id it must carry.</summary>
    /// <exception cref="ServiceRefusal">The body is not a valid enrollment group (the message names the field).</exception>
    public static EnrollmentGroup ReadGroup(JsonElement root, string pathId)
    {
        RequireObject(root, "The body");
        var id = String(root, "enrollmentGroupId");
        if (id is not null && !id.Equals(pathId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ServiceRefusal(DpsErrorCodes.RegistrationIdMismatch, $"enrollmentGroupId '{id}' of the body differs from '{pathId}' of the path.");
        }

        return WithCommon(new EnrollmentGroup { EnrollmentGroupId = id ?? pathId, PrimaryKey = string.Empty, IotHubs = [] }, root);
    }

    /// <summary>A string property, or null when missing or null.</summary>
    /// <exception cref="ServiceRefusal">It is another kind of value.</exception>
    public static string? String(JsonElement root, string name) => Value(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        _ => throw Invalid($"{name} must be a string."),
    };

    /// <summary>The value of a property, or null when missing or null.</summary>
    public static JsonElement? Value(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static void RequireObject(JsonElement value, string what)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{what} must be a JSON object.");
        }
    }

    public static ServiceRefusal Invalid(string message) => new(DpsErrorCodes.InvalidBody, message);

    /// <summary>An individual enrollment as the service answers it; the keys only when <paramref name="withKeys"/>.</summary>
    public static void WriteIndividual(Utf8JsonWriter w, IndividualEnrollment e, bool withKeys, RegistrationRecord? registration)
    {
        w.WriteStartObject();
        w.WriteString("registrationId", e.RegistrationId);
        if (e.DeviceId is not null)
        {
            w.WriteString("deviceId", e.DeviceId);
        }

        if (registration is not null)
        {
            w.WritePropertyName("registrationState");
            w.WriteStartObject();
            DpsJson.WriteState(w, RegistrationStateBody.From(registration));
            w.WriteEndObject();
        }

        WriteRaw(w, "optionalDeviceInformation", e.OptionalDeviceInformationJson);
        WriteCommon(w, e, withKeys);
        w.WriteEndObject();
    }

    /// <summary>An enrollment group as the service answers it; the keys only when <paramref name="withKeys"/>.</summary>
    public static void WriteGroup(Utf8JsonWriter w, EnrollmentGroup g, bool withKeys)
    {
        w.WriteStartObject();
        w.WriteString("enrollmentGroupId", g.EnrollmentGroupId);
        WriteCommon(w, g, withKeys);
        w.WriteEndObject();
    }

    /// <summary><c>{"type":"symmetricKey","symmetricKey":{"primaryKey":..,"secondaryKey":..}}</c>, keys null when hidden.</summary>
    public static void WriteAttestation(Utf8JsonWriter w, string? primaryKey, string? secondaryKey)
    {
        w.WriteStartObject();
        w.WriteString("type", "symmetricKey");
        w.WritePropertyName("symmetricKey");
        w.WriteStartObject();
        w.WriteString("primaryKey", primaryKey);
        w.WriteString("secondaryKey", secondaryKey);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The properties every enrollment has, after its id (and, for an individual one, its own), in the swagger's order.</summary>
    private static void WriteCommon(Utf8JsonWriter w, Enrollment e, bool withKeys)
    {
        w.WritePropertyName("attestation");
        WriteAttestation(w, withKeys ? e.PrimaryKey : null, withKeys ? e.SecondaryKey : null);
        w.WritePropertyName("capabilities");
        w.WriteStartObject();
        w.WriteBoolean("iotEdge", e.IotEdge);
        w.WriteEndObject();
        if (e.IotHubHostName is not null)
        {
            w.WriteString("iotHubHostName", e.IotHubHostName);
        }

        WriteRaw(w, "initialTwin", e.InitialTwinJson);
        if (e.ETag is not null)
        {
            w.WriteString("etag", e.ETag);
        }

        w.WriteString("provisioningStatus", e.Enabled ? "enabled" : "disabled");
        w.WritePropertyName("reprovisionPolicy");
        w.WriteStartObject();
        w.WriteBoolean("updateHubAssignment", e.ReprovisionPolicy.UpdateHubAssignment);
        w.WriteBoolean("migrateDeviceData", e.ReprovisionPolicy.MigrateDeviceData);
        w.WriteEndObject();
        if (e.CreatedUtc is { } c)
        {
            w.WriteString("createdDateTimeUtc", DpsJson.Timestamp(c));
        }

        if (e.LastUpdatedUtc is { } u)
        {
            w.WriteString("lastUpdatedDateTimeUtc", DpsJson.Timestamp(u));
        }

        w.WriteString("allocationPolicy", EnrollmentsFile.PolicyName(e.AllocationPolicy));
        w.WriteStartArray("iotHubs");
        foreach (var hub in e.IotHubs)
        {
            w.WriteStringValue(hub);
        }

        w.WriteEndArray();
        WriteRaw(w, "customAllocationDefinition", e.CustomAllocationDefinitionJson);
        if (e.CredentialPolicyName is not null)
        {
            w.WriteString("credentialPolicyName", e.CredentialPolicyName);
        }
    }

    private static void WriteRaw(Utf8JsonWriter w, string name, string? json)
    {
        if (json is not null)
        {
            w.WritePropertyName(name);
            w.WriteRawValue(json, skipInputValidation: true);
        }
    }

    /// <summary><paramref name="e"/> with the fields every enrollment has, read from <paramref name="root"/>.</summary>
    private static T WithCommon<T>(T e, JsonElement root)
        where T : Enrollment
    {
        var attestation = Value(root, "attestation") ?? throw Invalid("attestation is required: {\"type\":\"symmetricKey\"} (the keys are generated when left out).");
        RequireObject(attestation, "attestation");
        var type = String(attestation, "type") ?? throw Invalid("attestation.type is required; the emulator supports \"symmetricKey\".");
        if (!type.Equals("symmetricKey", StringComparison.OrdinalIgnoreCase))
        {
            throw new ServiceRefusal(ServiceErrorCodes.Unsupported, $"attestation.type must be \"symmetricKey\" (got \"{type}\"); the emulator supports symmetric-key attestation only.");
        }

        var symmetricKey = Value(attestation, "symmetricKey");
        if (symmetricKey is { } sk)
        {
            RequireObject(sk, "attestation.symmetricKey");
        }

        var policyName = String(root, "allocationPolicy");
        var hubHostName = String(root, "iotHubHostName");
        if (hubHostName is not null && !Identifiers.IsValidHostName(hubHostName))
        {
            throw Invalid($"iotHubHostName '{hubHostName}' must be a DNS host name such as hub-1.dps-emulator.local.");
        }

        var hubs = Hubs(root);
        AllocationPolicy policy;
        if (policyName is null)
        {
            // The deprecated single hub means static allocation to it (as the CLI's --iot-hub-host-name).
            policy = hubHostName is not null ? AllocationPolicy.Static : AllocationPolicy.Hashed;
        }
        else
        {
            policy = EnrollmentsFile.TryParsePolicy(policyName)
                ?? throw Invalid($"allocationPolicy must be hashed, geoLatency, static or custom (got \"{policyName}\").");
        }

        if (policy == AllocationPolicy.Static && hubs.Count > 1)
        {
            throw Invalid($"allocationPolicy static takes exactly one hub in iotHubs (got {hubs.Count}).");
        }

        var read = (T)((Enrollment)e with
        {
            PrimaryKey = Key(symmetricKey, "primaryKey"),
            SecondaryKey = Key(symmetricKey, "secondaryKey"),
            IotHubs = hubs,
            IotHubHostName = hubHostName,
            AllocationPolicy = policy,
            Enabled = String(root, "provisioningStatus") switch
            {
                null => true,
                var s when s.Equals("enabled", StringComparison.OrdinalIgnoreCase) => true,
                var s when s.Equals("disabled", StringComparison.OrdinalIgnoreCase) => false,
                var s => throw Invalid($"provisioningStatus must be \"enabled\" or \"disabled\" (got \"{s}\")."),
            },
            ReprovisionPolicy = Reprovision(root),
            IotEdge = Value(root, "capabilities") is { } capabilities && Bool(capabilities, "capabilities", "iotEdge", false),
            InitialTwinJson = Object(root, "initialTwin"),
            CustomAllocationDefinitionJson = Object(root, "customAllocationDefinition"),
            CredentialPolicyName = String(root, "credentialPolicyName"),
        });
        return CustomAllocationDefinition.Problem(read) is { } problem ? throw Invalid(problem) : read;
    }

    /// <summary>A given key (checked), or a new one of 64 random bytes, as DPS generates them.</summary>
    private static string Key(JsonElement? symmetricKey, string name)
    {
        var key = symmetricKey is { } sk ? String(sk, name) : null;
        if (key is null)
        {
            return SymmetricKeys.GenerateKey();
        }

        return SymmetricKeys.IsValidKey(key)
            ? key
            : throw new ServiceRefusal(ServiceErrorCodes.InvalidSymmetricKey,
                $"attestation.symmetricKey.{name} must be base64 of {SymmetricKeys.MinKeyBytes} to {SymmetricKeys.MaxKeyBytes} bytes (make one with: openssl rand -base64 64), or left out to have one generated.");
    }

    private static List<string> Hubs(JsonElement root)
    {
        if (Value(root, "iotHubs") is not { } array)
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("iotHubs must be an array of hub host names.");
        }

        var hubs = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            var hub = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (!Identifiers.IsValidHostName(hub))
            {
                throw Invalid($"iotHubs[{hubs.Count}] must be a DNS host name such as hub-1.dps-emulator.local (got {item.GetRawText()}).");
            }

            hubs.Add(hub!);
        }

        if (hubs.Count > EnrollmentManager.MaxIotHubs)
        {
            throw Invalid($"the enrollment lists {hubs.Count} iotHubs; at most {EnrollmentManager.MaxIotHubs}, as many as Azure DPS links: list the hubs its devices may use.");
        }

        return hubs;
    }

    private static ReprovisionPolicy Reprovision(JsonElement root)
    {
        if (Value(root, "reprovisionPolicy") is not { } policy)
        {
            return ReprovisionPolicy.Default;
        }

        RequireObject(policy, "reprovisionPolicy");
        return new ReprovisionPolicy(
            Bool(policy, "reprovisionPolicy", "updateHubAssignment", true),
            Bool(policy, "reprovisionPolicy", "migrateDeviceData", true));
    }

    private static bool Bool(JsonElement parent, string parentName, string name, bool missing)
    {
        RequireObject(parent, parentName);
        return Value(parent, name) switch
        {
            null => missing,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw Invalid($"{parentName}.{name} must be true or false."),
        };
    }

    private static string? Object(JsonElement root, string name)
    {
        if (Value(root, name) is not { } value)
        {
            return null;
        }

        RequireObject(value, name);
        return value.GetRawText();
    }
}

/// <summary>A request the service API refuses with 400 (or the status of <see cref="Code"/>): the errorCode and a message naming the field.</summary>
internal sealed class ServiceRefusal(int code, string message) : Exception(message)
{
    public int Code { get; } = code;

    public int Status => Code / 1000;
}
