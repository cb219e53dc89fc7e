using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NanoDps.VirtualDevice.Cli;
using NanoDps.VirtualDevice.Tests.Support;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// TLS: the device trusts only its configured roots and checks the host name. Against an emulator it
/// should not trust, no request gets through (the emulator logs nothing), each attempt says why, and
/// the flow ends at its deadline (deadlineSeconds 30, the shortest allowed) with exit code 3.
/// One class per case so the three 30 s runs overlap.
/// </summary>
public abstract class TlsTests : IDisposable
{
    protected DeviceHarness Device { get; } = new();

    protected async Task<RunResult> RunRefusedAsync(TestEmulator dps, RunOptions options)
    {
        RunResult run = await Device.RunAsync(options, new RunHooks { Backoff = FaultProfileTests.QuickBackoff });

        Assert.True(run.ExitCode == ExitCodes.Deadline, run.ToString());
        Assert.Empty(dps.Server.RequestLog.Snapshot());
        Assert.Contains("Result: NOT PROVISIONED: no assignment within deadlineSeconds (30 s)", run.Stdout);
        Assert.True(run.Exchanges.Count >= 5, run.ToString());
        Assert.All(run.Exchanges, x => Assert.Equal(0, x.Status));
        Assert.Null(DeviceHarness.StoredRecord(Device.Flash));
        return run;
    }

    protected string Config(TestEmulator dps, string endpoint = "localhost") =>
        Device.Config(dps, new Dictionary<string, object?> { ["deadlineSeconds"] = 30, ["endpoint"] = endpoint });

    public void Dispose() => Device.Dispose();
}

public sealed class TlsDefaultRootsTests : TlsTests
{
    [Fact]
    public async Task With_the_Azure_roots_the_device_refuses_the_emulator_and_says_why()
    {
        await using var dps = await TestEmulator.StartAsync();
        RunOptions options = Device.Options(dps, Config(dps));
        options.CaFiles = []; // --config without --ca: DigiCert Global Root G2 + Microsoft RSA Root CA 2017

        RunResult run = await RunRefusedAsync(dps, options);

        Assert.Contains("trusted roots   DigiCert Global Root G2, Microsoft RSA Root Certificate Authority 2017", run.Stdout);
        Assert.Contains("TLS: the server certificate of localhost (routed to 127.0.0.1:" + dps.Server.Port + ") is not trusted by the configured root CAs", run.Stdout);
        Assert.Contains("last failure    TLS: the server certificate", run.Stdout);
        Assert.Contains("pass the right one with --ca <pem>", run.Stdout);
    }
}

public sealed class TlsOtherCaTests : TlsTests
{
    [Fact]
    public async Task With_another_CA_the_device_refuses_the_emulator_and_says_why()
    {
        await using var dps = await TestEmulator.StartAsync();
        string otherCa = Device.Temp.Sub("other-ca.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=Some Other Root CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using X509Certificate2 ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllText(otherCa, ca.ExportCertificatePem());
        }

        RunOptions options = Device.Options(dps, Config(dps));
        options.CaFiles = [otherCa];

        RunResult run = await RunRefusedAsync(dps, options);

        Assert.Contains("trusted roots   Some Other Root CA (--ca)", run.Stdout);
        Assert.Contains("is not trusted by the configured root CAs (", run.Stdout);
    }
}

public sealed class TlsHostNameTests : TlsTests
{
    [Fact]
    public async Task A_certificate_for_another_name_is_refused_although_its_CA_is_trusted()
    {
        await using var dps = await TestEmulator.StartAsync();
        RunOptions options = Device.Options(dps, Config(dps, endpoint: "dps.example.net"));
        options.Resolve = [.. dps.Resolve, $"dps.example.net=127.0.0.1:{dps.Server.Port}"];

        RunResult run = await RunRefusedAsync(dps, options);

        Assert.Contains("TLS: the server certificate does not name dps.example.net (host name mismatch)", run.Stdout);
    }
}
