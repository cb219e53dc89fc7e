using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// The dashboard beyond loopback: it asks for the service key, a session cookie that is not the key,
/// CSRF tokens on changes, expiry; and the service key file it reads the key from.
/// </summary>
public sealed partial class DashboardSignInTests
{
    [Fact]
    public async Task Beyond_loopback_the_dashboard_asks_for_the_service_key_and_on_loopback_it_does_not()
    {
        await using (var loopback = await TestEmulator.StartAsync())
        {
            Assert.False(loopback.Server.DashboardSignInRequired);
        }

        // 0.0.0.0 is beyond loopback; the test still reaches it on 127.0.0.1.
        await using var wide = await TestEmulator.StartAsync(o => o.ListenAddress = IPAddress.Any);
        Assert.True(wide.Server.DashboardSignInRequired);
        using var client = new DashboardClient(wide.Server);
        using var state = await client.GetAsync("emulator/state");
        Assert.Equal(HttpStatusCode.Unauthorized, state.StatusCode);
        using var page = await client.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("action=\"/emulator/signin\"", html);
        Assert.DoesNotContain("dashboard.js", html);
    }

    [Fact]
    public async Task Signing_in_gives_a_strict_session_cookie_that_is_not_the_key_and_opens_the_state_and_the_feed()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.DashboardSignIn = true);
        using var client = new DashboardClient(emu.Server);
        var key = DashboardTests.ServiceKeyOf(emu.Server.DataFolder);
        var connectionString = File.ReadAllText(Path.Combine(emu.Server.DataFolder, "service-connection-string.txt")).Trim();

        using (var feed = await client.GetAsync("emulator/events"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, feed.StatusCode);
        }

        using (var wrong = await client.SendAsync(HttpMethod.Post, "emulator/signin", $"{{\"key\":\"{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}\"}}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
        }

        using var signIn = await client.SendAsync(HttpMethod.Post, "emulator/signin", $"{{\"key\":\"{connectionString}\"}}");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Matches("^__Host-nanodps-dashboard=[^;]+; Path=/; Max-Age=43200; Secure; HttpOnly; SameSite=Strict$", setCookie);
        var session = setCookie.Split(';')[0];
        Assert.DoesNotContain(key, session);
        Assert.DoesNotContain(Convert.ToHexString(Convert.FromBase64String(key)), session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Uri.EscapeDataString(key), session);
        var csrf = (await TestEmulator.Json(signIn)).Str("csrfToken");

        client.Cookie = session;
        var state = await client.StateAsync();
        Assert.True(state.GetProperty("signInRequired").GetBoolean());
        Assert.Equal(csrf, state.Str("csrfToken"));
        Assert.DoesNotContain(key, state.GetRawText());
        using (var feed = await client.OpenFeedAsync())
        {
            Assert.Equal(HttpStatusCode.OK, feed.Response.StatusCode);
            Assert.Equal("state", (await feed.NextAsync(TimeSpan.FromSeconds(10))).Event);
        }

        using (var page = await client.GetAsync("/"))
        {
            Assert.Contains("dashboard.js", await page.Content.ReadAsStringAsync());
        }

        // The key alone signs in too.
        client.Cookie = null;
        using var byKey = await client.SendAsync(HttpMethod.Post, "emulator/signin", $"{{\"key\":\"{key}\"}}");
        Assert.Equal(HttpStatusCode.OK, byKey.StatusCode);
    }

    [Fact]
    public async Task Changes_need_the_session_and_its_csrf_token()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.DashboardSignIn = true);
        using var client = new DashboardClient(emu.Server);
        var body = "{\"profile\":\"chaos\"}";
        using (var anonymous = await client.SetFaultsAsync(body))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var (session, csrf) = await SignInAsync(client, emu);
        client.Cookie = session;
        using (var noToken = await client.SetFaultsAsync(body))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
            Assert.Contains("X-CSRF-Token", (await TestEmulator.Json(noToken)).Str("error"));
        }

        // Another session's token does not fit this one.
        using var other = new DashboardClient(emu.Server);
        var (_, otherCsrf) = await SignInAsync(other, emu);
        client.Csrf = otherCsrf;
        using (var otherToken = await client.SetFaultsAsync(body))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherToken.StatusCode);
        }

        using (var disable = await client.SetGroupStatusAsync("group-1", "disabled"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, disable.StatusCode);
        }

        Assert.Equal("none", emu.Server.CurrentFaults.Profile.Name);
        Assert.True(emu.Server.Enrollments.Groups.Single().Enabled);

        client.Csrf = csrf;
        using (var allowed = await client.SetFaultsAsync(body))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        Assert.Equal("chaos", emu.Server.CurrentFaults.Profile.Name);
    }

    [Fact]
    public async Task A_tampered_or_expired_session_is_refused_and_signing_out_clears_the_cookie()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.DashboardSignIn = true);
        using var client = new DashboardClient(emu.Server);
        var (session, csrf) = await SignInAsync(client, emu);

        // Moving the expiry further out breaks the MAC.
        var parts = session.Split('=', 2)[1].Split('.');
        client.Cookie = $"__Host-nanodps-dashboard={long.Parse(parts[0]) + 3600}.{parts[1]}.{parts[2]}";
        using (var tampered = await client.GetAsync("emulator/state"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        }

        client.Cookie = session;
        await client.StateAsync();
        client.Csrf = csrf;
        using (var signOut = await client.SendAsync(HttpMethod.Post, "emulator/signout", "{}"))
        {
            Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
            Assert.StartsWith("__Host-nanodps-dashboard=; Path=/; Max-Age=0;", Assert.Single(signOut.Headers.GetValues("Set-Cookie")));
        }

        emu.Time!.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));
        using var expired = await client.GetAsync("emulator/state");
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_form_redirects_to_the_dashboard_or_says_the_key_is_wrong()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.DashboardSignIn = true);
        using var client = new DashboardClient(emu.Server);
        var key = DashboardTests.ServiceKeyOf(emu.Server.DataFolder);

        using var wrong = await client.SendAsync(HttpMethod.Post, "emulator/signin", "key=bm90IHRoZSBrZXkgYXQgYWxsIQ%3D%3D", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("That is not the service key of this emulator.", await wrong.Content.ReadAsStringAsync());

        using var right = await client.SendAsync(HttpMethod.Post, "emulator/signin", "key=" + Uri.EscapeDataString(key), "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        Assert.Equal("/", right.Headers.Location?.OriginalString);
        Assert.StartsWith("__Host-nanodps-dashboard=", Assert.Single(right.Headers.GetValues("Set-Cookie")));

        using var foreign = await client.SendAsync(HttpMethod.Post, "emulator/signin", "key=" + Uri.EscapeDataString(key), "application/x-www-form-urlencoded",
            new Dictionary<string, string> { ["Origin"] = "https://evil.example" });
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    [Fact]
    public async Task The_service_key_file_is_made_once_private_and_kept_across_restarts()
    {
        using var folder = new TempFolder();
        string first;
        await using (var emu = await TestEmulator.StartAsync(folder: folder.Path))
        {
            first = DashboardTests.ServiceKeyOf(folder.Path);
        }

        var path = Path.Combine(folder.Path, "service-connection-string.txt");
        Assert.Matches(ConnectionString(), File.ReadAllText(path));
        Assert.Equal(32, Convert.FromBase64String(first).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.False(File.Exists(path + ".tmp"));

        await using (var again = await TestEmulator.StartAsync(o => o.DashboardSignIn = true, folder: folder.Path))
        {
            Assert.Equal(first, DashboardTests.ServiceKeyOf(folder.Path));
            using var client = new DashboardClient(again.Server);
            using var signIn = await client.SendAsync(HttpMethod.Post, "emulator/signin", $"{{\"key\":\"{first}\"}}");
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        // The connection string file is the emulator's output (the key lives in service-policy.json):
        // a broken copy is written again at the next start, with the same key.
        File.WriteAllText(path, "HostName=localhost;SharedAccessKeyName=provisioningserviceowner\n");
        await using (var third = await TestEmulator.StartAsync(folder: folder.Path))
        {
            Assert.Equal(first, DashboardTests.ServiceKeyOf(folder.Path));
        }
    }

    [Fact]
    public async Task The_command_line_emulator_beyond_loopback_says_where_the_key_is_and_never_prints_it()
    {
        using var folder = new TempFolder();
        await using var emulator = EmulatorProcess.Start("--listen", "0.0.0.0", "--port", "0", "--data", folder.Path);
        await emulator.WaitReadyAsync();
        var key = DashboardTests.ServiceKeyOf(folder.Path);

        Assert.Contains($"  Dashboard: https://localhost:{emulator.Port}/ (sign in with the service key: {Path.Combine(folder.Path, "service-connection-string.txt")})", emulator.Stdout);
        using var http = new HttpClient(TrustedHttp.Handler(Path.Combine(folder.Path, "ca.pem")));
        using var state = await http.GetAsync($"https://localhost:{emulator.Port}/emulator/state");
        Assert.Equal(HttpStatusCode.Unauthorized, state.StatusCode);
        await emulator.SignalAsync("TERM");
        await emulator.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(key, emulator.Stdout + emulator.Stderr);
    }

    private static async Task<(string Session, string Csrf)> SignInAsync(DashboardClient client, TestEmulator emu)
    {
        using var signIn = await client.SendAsync(HttpMethod.Post, "emulator/signin", $"{{\"key\":\"{DashboardTests.ServiceKeyOf(emu.Server.DataFolder)}\"}}");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return (signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0], (await TestEmulator.Json(signIn)).Str("csrfToken"));
    }

    [GeneratedRegex("^HostName=localhost;SharedAccessKeyName=provisioningserviceowner;SharedAccessKey=[A-Za-z0-9+/]{43}=\n$")]
    private static partial Regex ConnectionString();
}
