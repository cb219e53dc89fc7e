using System.Text.Json;

namespace NanoDps.Emulator;

/// <summary>
/// What the dashboard shows, as one JSON document built from snapshots: enrollments, the newest
/// registrations, the newest requests, quota use, hub messages per device and the fault profile.
/// Every field is written here by name, so nothing else reaches the page: no key, signature or
/// token (the request log and the stores hold none; enrollments are written without their keys).
/// Each read holds a store's lock only to copy a bounded number of references.
/// </summary>
internal sealed class DashboardState(
    EnrollmentManager enrollments,
    RegistrationStore registrations,
    RequestLog requests,
    HubMessageStore messages,
    QuotaGate quotas,
    FaultInjector faults,
    DpsEmulatorOptions options,
    bool signInRequired)
{
    /// <summary>Rows of each list the page gets.</summary>
    public const int Rows = 100;

    /// <summary>Characters of a hub message body shown.</summary>
    public const int BodyPreview = 120;

    private readonly TimeProvider _time = options.TimeProvider;

    /// <summary>Changes whenever something the page shows changed (quota refill and the passing minute aside).</summary>
    public Version Current() => new(
        requests.TotalCount,
        registrations.Changes,
        messages.Added,
        enrollments.Groups,
        enrollments.Individuals,
        faults.Current);

    /// <summary>The document, UTF-8; <paramref name="csrfToken"/> is the session's (null on loopback).</summary>
    public byte[] Build(string? csrfToken)
    {
        var now = _time.GetUtcNow();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("now", now);
            json.WriteString("idScope", enrollments.IdScope);
            json.WriteBoolean("signInRequired", signInRequired);
            json.WriteString("csrfToken", csrfToken);
            WriteFaults(json, faults.Current);
            WriteEnrollments(json);
            WriteRegistrations(json);
            WriteRequests(json);
            WriteQuotas(json, now);
            WriteHubMessages(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The fault profile in force, and the names of the built-in ones.</summary>
    public static void WriteFaults(Utf8JsonWriter json, (FaultProfile Profile, int Seed) current, string? name = "faults")
    {
        if (name is null)
        {
            json.WriteStartObject();
        }
        else
        {
            json.WriteStartObject(name);
        }

        json.WriteString("profile", current.Profile.Name);
        json.WriteNumber("seed", current.Seed);
        json.WriteBoolean("applyToHub", current.Profile.ApplyToHub);
        json.WriteStartArray("profiles");
        foreach (var profile in FaultProfile.BuiltIn)
        {
            json.WriteStringValue(profile.Name);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The start of a message body, never cut inside a surrogate pair.</summary>
    private static string Preview(string body)
    {
        if (body.Length <= BodyPreview)
        {
            return Printable.Escape(body);
        }

        var cut = char.IsHighSurrogate(body[BodyPreview - 1]) ? BodyPreview - 1 : BodyPreview;
        return Printable.Escape(body[..cut]) + "…";
    }

    private static void WriteCounts(Utf8JsonWriter json, string name, int perMinute, int burst, (double Available, double Capacity) bucket, int requests, int accepted, int throttled)
    {
        var unlimited = perMinute == int.MaxValue;
        json.WriteStartObject(name);
        json.WriteNumber("lastMinute", requests);
        json.WriteNumber("acceptedLastMinute", accepted);
        json.WriteNumber("throttledLastMinute", throttled);
        if (unlimited)
        {
            json.WriteNull("perMinute");
            json.WriteNull("burst");
            json.WriteNull("available");
        }
        else
        {
            json.WriteNumber("perMinute", perMinute);
            json.WriteNumber("burst", burst);
            json.WriteNumber("available", (long)Math.Floor(bucket.Available));
        }

        json.WriteEndObject();
    }

    /// <summary>One enrollment: its policy as the service API names it, and the hubs its devices are allocated over.</summary>
    private void WriteEnrollment(Utf8JsonWriter json, string idName, string id, string? deviceId, Enrollment enrollment)
    {
        json.WriteStartObject();
        json.WriteString(idName, id);
        if (deviceId is not null)
        {
            json.WriteString("deviceId", deviceId);
        }

        json.WriteString("provisioningStatus", enrollment.Enabled ? "enabled" : "disabled");
        json.WriteString("allocationPolicy", EnrollmentsFile.PolicyName(enrollment.AllocationPolicy));
        json.WriteStartArray("iotHubs");
        foreach (var hub in enrollment.HubsToAllocate(options.LinkedHubs))
        {
            json.WriteStringValue(hub);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The enrollments, written without their keys.</summary>
    private void WriteEnrollments(Utf8JsonWriter json)
    {
        json.WriteStartObject("enrollments");
        json.WriteStartArray("groups");
        foreach (var g in enrollments.Groups)
        {
            WriteEnrollment(json, "enrollmentGroupId", g.EnrollmentGroupId, null, g);
        }

        json.WriteEndArray();
        json.WriteStartArray("individuals");
        foreach (var i in enrollments.Individuals)
        {
            WriteEnrollment(json, "registrationId", i.RegistrationId, i.DeviceIdFor(), i);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteRegistrations(Utf8JsonWriter json)
    {
        json.WriteStartObject("registrations");
        json.WriteNumber("total", registrations.Count);
        json.WriteStartArray("newest");
        foreach (var record in registrations.Newest(Rows))
        {
            json.WriteStartObject();
            json.WriteString("registrationId", record.RegistrationId);
            json.WriteString("deviceId", record.DeviceId);
            json.WriteString("assignedHub", record.AssignedHub);
            json.WriteString("status", record.Status);
            json.WriteString("substatus", record.Substatus);
            json.WriteString("enrollmentGroupId", record.EnrollmentGroupId);
            json.WriteString("createdUtc", record.CreatedUtc);
            json.WriteString("lastUpdatedUtc", record.LastUpdatedUtc);
            json.WriteNumber("tlsConnections", requests.TlsConnections(record.RegistrationId).Dps);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteRequests(Utf8JsonWriter json)
    {
        json.WriteStartObject("requests");
        json.WriteNumber("total", requests.TotalCount);
        json.WriteStartArray("newest");
        foreach (var entry in requests.Newest(Rows))
        {
            json.WriteStartObject();
            json.WriteString("startUtc", entry.StartUtc);
            json.WriteNumber("milliseconds", Math.Round((entry.EndUtc - entry.StartUtc).TotalMilliseconds, 1));
            json.WriteString("method", Printable.Escape(entry.Method));
            json.WriteString("kind", entry.Kind.ToString().ToLowerInvariant());
            json.WriteString("path", Printable.Escape(entry.Path));
            json.WriteString("registrationId", Printable.Escape(entry.RegistrationId));
            json.WriteNumber("status", entry.Status);
            json.WriteString("fault", entry.Fault);
            json.WriteString("detail", Printable.Escape(entry.Detail));
            json.WriteBoolean("newConnection", entry.NewConnection == true);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteQuotas(Utf8JsonWriter json, DateTimeOffset now)
    {
        var q = options.Quotas;
        var minute = requests.LastMinute(now);
        json.WriteStartObject("quotas");
        WriteCounts(json, "registrations", q.RegistrationsPerMinute, q.RegistrationBurst, quotas.RegistrationTokens,
            minute.Registers, minute.RegistersAccepted, minute.RegistersThrottled);
        WriteCounts(json, "operations", q.OperationsPerMinute, q.OperationBurst, quotas.OperationTokens,
            minute.Operations, minute.OperationsAccepted, minute.OperationsThrottled);
        if (q.PollsPerDevice == int.MaxValue)
        {
            json.WriteNull("pollsPerDevice");
        }
        else
        {
            json.WriteNumber("pollsPerDevice", q.PollsPerDevice);
        }

        json.WriteNumber("pollWindowSeconds", q.PollWindow.TotalSeconds);
        json.WriteNumber("injectedFaultsLastMinute", minute.InjectedFaults);
        json.WriteBoolean("throttleBeforeAuthentication", q.ThrottleBeforeAuthentication);
        json.WriteEndObject();
    }

    private void WriteHubMessages(Utf8JsonWriter json)
    {
        json.WriteStartObject("hubMessages");
        json.WriteNumber("total", messages.Count);
        json.WriteNumber("bytes", messages.Bytes);
        json.WriteStartArray("devices");
        foreach (var device in messages.NewestDevices(Rows, maxScan: 10_000))
        {
            var body = device.Newest.BodyText;
            json.WriteStartObject();
            json.WriteString("iotHub", Printable.Escape(device.IotHub));
            json.WriteString("deviceId", Printable.Escape(device.DeviceId));
            json.WriteNumber("count", device.Count);
            json.WriteNumber("bytes", device.Bytes);
            json.WriteString("lastReceivedUtc", device.Newest.ReceivedUtc);
            json.WriteString("lastContentType", Printable.Escape(device.Newest.ContentType));
            json.WriteString("lastBody", Preview(body));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>What the page shows, by the identity of its parts.</summary>
    public readonly record struct Version(
        long Requests,
        long Registrations,
        long Messages,
        IReadOnlyList<EnrollmentGroup> Groups,
        IReadOnlyList<IndividualEnrollment> Individuals,
        (FaultProfile Profile, int Seed) Faults);
}
