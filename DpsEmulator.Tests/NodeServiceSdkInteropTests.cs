using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// Microsoft's official Node.js SERVICE SDK (azure-iot-provisioning-service 1.11.2, unmodified)
/// against the emulator's service API, with the official device SDK provisioning devices in between,
/// run by <c>interop/azure-iot-node-sdk/service.js</c>. Only the trust (NODE_EXTRA_CA_CERTS = ca.pem)
/// and the port (https.globalAgent.defaultPort) differ from a program talking to Azure; the
/// connection string is the emulator's own, as written to service-connection-string.txt.
/// </summary>
/// <remarks>Needs node and npm (Debian packages nodejs, npm); skipped without them outside CI, fails under CI=true.</remarks>
public sealed class NodeServiceSdkInteropTests
{
    [SkippableFact]
    public async Task Official_service_sdk_manages_enrollments_while_the_official_device_sdk_provisions()
    {
        var sdk = await NodeSdk.EnsureInstalledAsync();
        await using var emu = await TestEmulator.StartAsync(o => { o.AssignmentDelay = TimeSpan.FromSeconds(0.3); o.RetryAfterSeconds = 1; }, fakeTime: false);
        var run = Guid.NewGuid().ToString("N")[..8];
        var group = $"interop-group-{run}";
        var device = $"interop-device-{run}";
        var solo = $"interop-solo-{run}";

        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync("node", ["service.js"], TimeSpan.FromSeconds(120), sdk, new Dictionary<string, string?>
        {
            ["DPS_SERVICE_CONNECTION_STRING"] = File.ReadAllText(emu.Server.ServiceConnectionStringPath).Trim(),
            ["DPS_PORT"] = emu.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DPS_ID_SCOPE"] = emu.IdScope,
            ["DPS_RUN_ID"] = run,
            ["NODE_EXTRA_CA_CERTS"] = emu.Server.CaCertificatePath,
            ["NODE_TLS_REJECT_UNAUTHORIZED"] = null,
            ["DEBUG"] = null,
        });

        Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
        using var seen = JsonDocument.Parse(NodeSdk.LastJsonLine(stdout));
        var r = seen.RootElement;

        // Groups: a stale etag is InvalidEtagError 412; paging with page size 1 walks both groups.
        Assert.Equal(("InvalidEtagError", 412, 412001), (r.GetProperty("staleEtag").GetProperty("name").GetString(), r.GetProperty("staleEtag").GetProperty("status").GetInt32(), r.GetProperty("staleEtag").GetProperty("errorCode").GetInt32()));
        Assert.Equal(["group-1", group], r.GetProperty("groupQuery").GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, r.GetProperty("groupQuery").GetProperty("pages").GetInt32());

        // The device SDK, with the key derived from the generated group key, was assigned; the service SDK saw that state and deleted it.
        var assigned = r.GetProperty("assigned");
        Assert.Equal("assigned", assigned.GetProperty("status").GetString());
        Assert.Equal(device, assigned.GetProperty("deviceId").GetString());
        Assert.Contains(assigned.GetProperty("assignedHub").GetString(), new[] { TestEmulator.Hub1, TestEmulator.Hub2 });
        Assert.Equal([device], r.GetProperty("groupRegistrations").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal((404, 404203), (r.GetProperty("deletedRegistration").GetProperty("status").GetInt32(), r.GetProperty("deletedRegistration").GetProperty("errorCode").GetInt32()));
        Assert.Equal((404, 404201), (r.GetProperty("deletedGroup").GetProperty("status").GetInt32(), r.GetProperty("deletedGroup").GetProperty("errorCode").GetInt32()));
        Assert.Equal(("UnauthorizedError", 401), (r.GetProperty("refused").GetProperty("name").GetString(), r.GetProperty("refused").GetProperty("status").GetInt32()));

        // Individual enrollments: provisioned with the generated secondary key, then disabled ("status is disabled"), bulk, paging, stale delete.
        Assert.Equal(("assigned", TestEmulator.Hub2, $"{solo}-dev"), (r.GetProperty("soloAssigned").GetProperty("status").GetString(), r.GetProperty("soloAssigned").GetProperty("assignedHub").GetString(), r.GetProperty("soloAssigned").GetProperty("deviceId").GetString()));
        Assert.Contains("disabled", r.GetProperty("disabled").GetProperty("message").GetString());
        Assert.True(r.GetProperty("bulkCreate").GetProperty("isSuccessful").GetBoolean());
        Assert.Equal([solo, $"{solo}-bulk-1", $"{solo}-bulk-2", $"{solo}-bulk-3"], r.GetProperty("individualQuery").GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, r.GetProperty("individualQuery").GetProperty("pages").GetInt32());
        var bulkError = Assert.Single(r.GetProperty("bulkDelete").GetProperty("errors").EnumerateArray());
        Assert.Equal(($"{solo}-bulk-4", 404201), (bulkError.GetProperty("registrationId").GetString(), bulkError.GetProperty("errorCode").GetInt32()));
        Assert.Equal(412, r.GetProperty("staleDelete").GetProperty("status").GetInt32());
        Assert.Equal((404, 404201), (r.GetProperty("deletedIndividual").GetProperty("status").GetInt32(), r.GetProperty("deletedIndividual").GetProperty("errorCode").GetInt32()));

        // The emulator agrees: only group-1 is left, no individual enrollment, no registration of either device.
        Assert.Equal(["group-1"], emu.Server.Enrollments.Groups.Select(g => g.EnrollmentGroupId));
        Assert.Empty(emu.Server.Enrollments.Individuals);
        Assert.Null(emu.Server.GetRegistration(device));
        Assert.Null(emu.Server.GetRegistration(solo));

        // What the SDK sent, as the spec's surprises say: the bulk to /enrollments/ (trailing slash), the
        // group attestation call to /enrollmentgroups/ (lower case); never a 5xx.
        var log = emu.Server.RequestLog.Snapshot();
        Assert.Contains(log, e => e is { Method: "POST", Path: "/enrollments/", Status: 200, Kind: RequestKind.Service });
        Assert.Contains(log, e => e.Method == "POST" && e.Path == $"/enrollmentgroups/{group}/attestationmechanism" && e.Status == 200);
        Assert.DoesNotContain(log, e => e.Status >= 500);
    }
}
