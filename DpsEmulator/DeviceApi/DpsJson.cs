using System.Globalization;
using System.Text.Json;

namespace NanoDps.Emulator;

/// <summary>Writes the service's JSON bodies, camelCase, property order as DPS sends them.</summary>
internal static class DpsJson
{
    /// <summary>Timestamp format of the service: <c>2022-08-31T22:02:50.5163352Z</c>.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary><c>{"errorCode":..,"trackingId":..,"message":..,"timestampUtc":..}</c>.</summary>
    public static byte[] Error(int errorCode, string message, DateTimeOffset now) =>
        Write(w =>
        {
            w.WriteNumber("errorCode", errorCode);
            w.WriteString("trackingId", Guid.NewGuid().ToString());
            w.WriteString("message", message);
            w.WriteString("timestampUtc", Timestamp(now));
        });

    /// <summary><c>{"operationId":..,"status":"assigning"}</c>.</summary>
    public static byte[] Assigning(string operationId) =>
        Write(w =>
        {
            w.WriteString("operationId", operationId);
            w.WriteString("status", "assigning");
        });

    /// <summary><c>{"operationId":..,"status":..,"registrationState":{..}}</c>.</summary>
    public static byte[] OperationResult(string operationId, RegistrationStateBody state) =>
        Write(w =>
        {
            w.WriteString("operationId", operationId);
            w.WriteString("status", state.Status);
            w.WritePropertyName("registrationState");
            w.WriteStartObject();
            WriteState(w, state);
            w.WriteEndObject();
        });

    /// <summary>The registration state alone (status lookup answer).</summary>
    public static byte[] RegistrationState(RegistrationStateBody state) => Write(w => WriteState(w, state));

    /// <summary>IoT Hub's error shape: <c>{"Message":"ErrorCode:X;text","ExceptionMessage":"Tracking ID:..-TimeStamp:.."}</c>.</summary>
    public static byte[] HubError(string errorCode, string message, DateTimeOffset now) =>
        Write(w =>
        {
            w.WriteString("Message", $"ErrorCode:{errorCode};{message}");
            w.WriteString(
                "ExceptionMessage",
                $"Tracking ID:{Guid.NewGuid():N}-G:0-TimeStamp:{now.UtcDateTime.ToString("MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture)}");
        });

    /// <summary>The properties of a registration state object (also the service API's DeviceRegistrationState).</summary>
    internal static void WriteState(Utf8JsonWriter w, RegistrationStateBody s)
    {
        w.WriteString("registrationId", s.RegistrationId);
        if (s.CreatedUtc is { } created)
        {
            w.WriteString("createdDateTimeUtc", Timestamp(created));
        }

        if (s.AssignedHub is not null)
        {
            w.WriteString("assignedHub", s.AssignedHub);
        }

        if (s.DeviceId is not null)
        {
            w.WriteString("deviceId", s.DeviceId);
        }

        w.WriteString("status", s.Status);
        if (s.Substatus is not null)
        {
            w.WriteString("substatus", s.Substatus);
        }

        if (s.ErrorCode is { } code)
        {
            w.WriteNumber("errorCode", code);
            w.WriteString("errorMessage", s.ErrorMessage ?? string.Empty);
        }

        if (s.LastUpdatedUtc is { } updated)
        {
            w.WriteString("lastUpdatedDateTimeUtc", Timestamp(updated));
        }

        if (s.ETag is not null)
        {
            w.WriteString("etag", s.ETag);
        }

        if (s.PayloadJson is not null)
        {
            w.WritePropertyName("payload");
            w.WriteRawValue(s.PayloadJson, skipInputValidation: true);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> properties) => JsonBody.Object(properties);
}

/// <summary>The fields of a <c>registrationState</c> object; null fields are left out.</summary>
internal sealed record RegistrationStateBody(string RegistrationId, string Status)
{
    public DateTimeOffset? CreatedUtc { get; init; }
    public string? AssignedHub { get; init; }
    public string? DeviceId { get; init; }
    public string? Substatus { get; init; }
    public int? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public DateTimeOffset? LastUpdatedUtc { get; init; }
    public string? ETag { get; init; }
    public string? PayloadJson { get; init; }

    public static RegistrationStateBody From(RegistrationRecord r) =>
        new(r.RegistrationId, r.Status)
        {
            CreatedUtc = r.CreatedUtc,
            AssignedHub = r.AssignedHub,
            DeviceId = r.DeviceId,
            Substatus = r.Substatus,
            LastUpdatedUtc = r.LastUpdatedUtc,
            ETag = r.ETag,
            PayloadJson = r.PayloadJson,
        };
}
