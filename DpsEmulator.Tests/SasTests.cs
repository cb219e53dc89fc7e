using System.Net;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>SAS verification as the service does it: every way a device gets a 401, and what must pass.</summary>
public sealed class SasTests
{
    private const string Id = "sas-device-1";

    [Fact]
    public async Task Correct_derived_key_is_accepted()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync(Id);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_key_is_401_with_401002()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync(Id, emu.Token(Id, key: SymmetricKeys.GenerateKey(32)));
        await AssertUnauthorized(response);
    }

    [Fact]
    public async Task Group_key_used_directly_is_401_and_the_log_says_why()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync(Id, emu.Token(Id, key: emu.GroupKey));
        await AssertUnauthorized(response);
        Assert.Contains("GROUP key", emu.Server.RequestLog.Snapshot().Single().Detail);
    }

    [Fact]
    public async Task Key_derived_for_another_registration_id_is_401()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync(Id, emu.Token(Id, key: emu.DeviceKey("another-device")));
        await AssertUnauthorized(response);
    }

    [Fact]
    public async Task Expired_token_is_401_beyond_the_clock_skew_and_accepted_within_it()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.ClockSkew = TimeSpan.FromMinutes(5));
        var key = emu.DeviceKey(Id);
        var sr = Sas.Encode($"{emu.IdScope}/registrations/{Id}");
        var now = emu.Now.ToUnixTimeSeconds();

        using var withinSkew = await emu.RegisterAsync(Id, Sas.Token(sr, key, now - 240));
        using var beyondSkew = await emu.RegisterAsync(Id, Sas.Token(sr, key, now - 301));

        Assert.Equal(HttpStatusCode.Accepted, withinSkew.StatusCode);
        await AssertUnauthorized(beyondSkew);
        Assert.Equal("token expired (se is in the past, beyond the allowed clock skew)", emu.Server.RequestLog.Snapshot()[^1].Detail);
    }

    [Fact]
    public async Task Token_expires_while_the_clock_runs()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.ClockSkew = TimeSpan.Zero);
        var token = Sas.Token(Sas.Encode($"{emu.IdScope}/registrations/{Id}"), emu.DeviceKey(Id), emu.Now.AddMinutes(1).ToUnixTimeSeconds());
        using var register = await emu.RegisterAsync(Id, token);
        Assert.Equal(HttpStatusCode.Accepted, register.StatusCode);
        var operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;

        emu.Time!.Advance(TimeSpan.FromSeconds(61));
        using var poll = await emu.PollAsync(Id, operationId, token);

        await AssertUnauthorized(poll);
    }

    [Fact]
    public async Task Tampered_sr_is_401()
    {
        await using var emu = await TestEmulator.StartAsync();
        var key = emu.DeviceKey(Id);
        var expiry = emu.Now.AddHours(1).ToUnixTimeSeconds();
        var signedSr = Sas.Encode($"{emu.IdScope}/registrations/{Id}");
        var token = Sas.Token(signedSr, key, expiry);

        // Same signature, sr pointing at another device.
        var tampered = token.Replace($"sr={signedSr}", $"sr={Sas.Encode($"{emu.IdScope}/registrations/other-device")}");
        using var tamperedOnOwnPath = await emu.RegisterAsync(Id, tampered);
        // A valid token for Id used on another device's path.
        using var wrongPath = await emu.RegisterAsync("other-device", token);
        // sr of another id scope, correctly signed.
        using var otherScope = await emu.RegisterAsync(Id, Sas.Token(Sas.Encode($"0ne00000000/registrations/{Id}"), key, expiry));

        await AssertUnauthorized(tamperedOnOwnPath);
        await AssertUnauthorized(wrongPath);
        await AssertUnauthorized(otherScope);
    }

    [Fact]
    public async Task Sr_escaped_with_upper_or_lower_case_hex_is_accepted_when_signed_as_sent()
    {
        await using var emu = await TestEmulator.StartAsync();
        var key = emu.DeviceKey(Id);
        var expiry = emu.Now.AddHours(1).ToUnixTimeSeconds();
        var upper = Sas.Encode($"{emu.IdScope}/registrations/{Id}");
        var lower = Sas.Encode($"{emu.IdScope}/registrations/{Id}", lowercaseEscapes: true);
        Assert.Contains("%2F", upper);
        Assert.Contains("%2f", lower);

        using var upperResponse = await emu.RegisterAsync(Id, Sas.Token(upper, key, expiry));
        using var lowerResponse = await emu.RegisterAsync(Id, Sas.Token(lower, key, expiry));
        // Signed over %2F but sent with %2f: the HMAC is over what was sent, so this must fail.
        var mixed = Sas.Token(upper, key, expiry).Replace(upper, lower);
        using var mixedResponse = await emu.RegisterAsync(Id, mixed);

        Assert.Equal(HttpStatusCode.Accepted, upperResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, lowerResponse.StatusCode);
        await AssertUnauthorized(mixedResponse);
    }

    [Fact]
    public async Task Registration_id_in_sr_is_case_insensitive()
    {
        await using var emu = await TestEmulator.StartAsync();
        var key = emu.DeviceKey(Id);
        var sr = Sas.Encode($"{emu.IdScope.ToUpperInvariant()}/registrations/{Id.ToUpperInvariant()}");

        using var response = await emu.RegisterAsync(Id, Sas.Token(sr, key, emu.Now.AddHours(1).ToUnixTimeSeconds()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Fields_in_any_order_and_without_skn_are_accepted()
    {
        await using var emu = await TestEmulator.StartAsync();
        var key = emu.DeviceKey(Id);
        var se = emu.Now.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sr = Sas.Encode($"{emu.IdScope}/registrations/{Id}");
        var sig = Uri.EscapeDataString(Sas.Signature(sr, se, key));

        using var reordered = await emu.RegisterAsync(Id, $"SharedAccessSignature skn=registration&se={se}&sig={sig}&sr={sr}");
        using var withoutSkn = await emu.RegisterAsync(Id, $"SharedAccessSignature sig={sig}&sr={sr}&se={se}");

        Assert.Equal(HttpStatusCode.Accepted, reordered.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, withoutSkn.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("SharedAccessSignature sr=a&sig=b")]
    [InlineData("SharedAccessSignature sr=a&sr=a&sig=b&se=1")]
    [InlineData("SharedAccessSignature sr=a&sig=%%%&se=99999999999")]
    [InlineData("SharedAccessSignature sr=a&sig=b&se=soon")]
    public async Task Missing_or_malformed_authorization_is_401(string authorization)
    {
        await using var emu = await TestEmulator.StartAsync();
        using var response = await emu.RegisterAsync(Id, authorization);
        await AssertUnauthorized(response);
    }

    [Fact]
    public async Task Unknown_id_scope_is_401_like_any_bad_token()
    {
        await using var emu = await TestEmulator.StartAsync();
        var token = Sas.ForRegistration("0ne00000000", Id, emu.DeviceKey(Id), emu.Now);
        using var response = await emu.RegisterAsync(Id, token, idScope: "0ne00000000");
        await AssertUnauthorized(response);
        Assert.Equal("unknown id scope", emu.Server.RequestLog.Snapshot().Single().Detail);
    }

    [Fact]
    public async Task Id_scope_in_the_path_is_case_insensitive()
    {
        await using var emu = await TestEmulator.StartAsync();
        var scope = emu.IdScope.ToLowerInvariant();
        using var response = await emu.RegisterAsync(Id, Sas.ForRegistration(scope, Id, emu.DeviceKey(Id), emu.Now), idScope: scope);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Registration_covered_by_no_enrollment_is_401()
    {
        await using var emu = await TestEmulator.StartAsync(addGroup: false);
        using var response = await emu.RegisterAsync(Id, emu.Token(Id, key: SymmetricKeys.GenerateKey()));
        await AssertUnauthorized(response);
        Assert.Equal("no enrollment covers this registration id", emu.Server.RequestLog.Snapshot().Single().Detail);
    }

    [Fact]
    public async Task Group_key_is_derived_with_the_registration_id_exactly_as_in_the_path()
    {
        await using var emu = await TestEmulator.StartAsync();
        // The device derived its key from "Device-Upper" but registers as "device-upper".
        var key = emu.DeviceKey("Device-Upper");
        using var response = await emu.RegisterAsync("device-upper", emu.Token("device-upper", key));
        await AssertUnauthorized(response);
    }

    [Fact]
    public async Task Poll_needs_a_valid_token_too()
    {
        await using var emu = await TestEmulator.StartAsync();
        using var register = await emu.RegisterAsync(Id);
        var operationId = (await TestEmulator.Json(register)).GetProperty("operationId").GetString()!;
        using var poll = await emu.PollAsync(Id, operationId, emu.Token(Id, key: emu.GroupKey));
        await AssertUnauthorized(poll);
    }

    private static async Task AssertUnauthorized(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await TestEmulator.Json(response);
        Assert.Equal(DpsErrorCodes.Unauthorized, body.GetProperty("errorCode").GetInt32());
        Assert.Equal("Unauthorized", body.GetProperty("message").GetString());
    }
}
