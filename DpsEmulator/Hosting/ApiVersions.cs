namespace NanoDps.Emulator;

/// <summary>The api-versions each API accepts (<see cref="RequestChecks"/> refuses any other with 400).</summary>
internal static class ApiVersions
{
    /// <summary>The device API's and the service API's.</summary>
    public static readonly IReadOnlySet<string> Dps =
        new HashSet<string>(["2019-03-31", "2021-06-01", "2021-10-01", "2026-04-01"], StringComparer.Ordinal);

    /// <summary>IoT Hub's, for device-to-cloud messages.</summary>
    public static readonly IReadOnlySet<string> Hub =
        new HashSet<string>(["2016-11-14", "2018-06-30", "2020-03-13", "2021-04-12"], StringComparer.Ordinal);
}
