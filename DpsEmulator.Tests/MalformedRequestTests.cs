using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NanoDps.Emulator.Tests.Support;

namespace NanoDps.Emulator.Tests;

/// <summary>
/// Requests that are broken below the JSON or the HTTP level still get an answer in the DPS error
/// shape with a 4xx status, never a 500 or an empty body.
/// </summary>
public sealed class MalformedRequestTests
{
    public static TheoryData<string> InvalidUtf8Bodies => new()
    {
        "{\"registrationId\":\"utf8-1\",\"payload\":{\"fw\":\"\xFF\xFE\"}}",
        "{\"registrationId\":\"utf8-\xC3\x28\"}",
        "{\"registrationId\":\"utf8-1\",\"payload\":{\"\xED\xA0\x80\":1}}",
        "{\"registrationId\":\"utf8-1\\ud800\"}",
        "{\"registrationId\":\"utf8-1\",\"payload\":{\"a\":\"\\ud800\\udfff\\ud800\"}}",
        "{\"registrationId\":\"utf8-1\",\"payload\":{\"\\udc00\":[1,{\"b\":\"x\"}]}}",
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8Bodies))]
    public async Task Invalid_utf8_inside_a_json_string_of_a_register_or_status_body_is_400(string latin1Body)
    {
        await using var emu = await TestEmulator.StartAsync();
        var body = Encoding.Latin1.GetBytes(latin1Body); // the bytes as written, invalid UTF-8 included

        using var register = await SendAsync(emu, HttpMethod.Put, $"{emu.IdScope}/registrations/utf8-1/register?api-version=2021-10-01", body);
        using var status = await SendAsync(emu, HttpMethod.Post, $"{emu.IdScope}/registrations/utf8-1?api-version=2021-10-01", body);

        foreach (var answer in new[] { register, status })
        {
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            var error = AssertDpsError(await answer.Content.ReadAsStringAsync());
            Assert.Equal(400003, error.GetProperty("errorCode").GetInt32());
            Assert.Contains("UTF-8", error.GetProperty("message").GetString());
        }

        Assert.Null(emu.Server.GetRegistration("utf8-1"));
        await emu.ProvisionAsync("utf8-1"); // and it still serves the device
    }

    [Fact]
    public async Task A_nul_in_the_path_gets_400_in_the_dps_error_shape()
    {
        await using var emu = await TestEmulator.StartAsync();
        var answer = await RawHttps.SendAsync(emu.Server, $"PUT /{emu.IdScope}/registrations/a%00b/register?api-version=2021-10-01 HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(400, answer.Status);
        Assert.Equal(400000, AssertDpsError(answer.Body).GetProperty("errorCode").GetInt32());
        Assert.StartsWith("application/json", answer.Headers["Content-Type"]);
    }

    [Fact]
    public async Task A_20_KB_path_gets_414_in_the_dps_error_shape()
    {
        await using var emu = await TestEmulator.StartAsync();
        var answer = await RawHttps.SendAsync(emu.Server, $"GET /{new string('a', 20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        Assert.Equal(414, answer.Status);
        Assert.Equal(414000, AssertDpsError(answer.Body).GetProperty("errorCode").GetInt32());
    }

    [Fact]
    public async Task A_40_KB_header_gets_431_in_the_dps_error_shape()
    {
        await using var emu = await TestEmulator.StartAsync();
        var answer = await RawHttps.SendAsync(emu.Server, $"GET /x HTTP/1.1\r\nHost: localhost\r\nX-Big: {new string('a', 40_000)}\r\n\r\n");
        Assert.Equal(431, answer.Status);
        Assert.Equal(431000, AssertDpsError(answer.Body).GetProperty("errorCode").GetInt32());
    }

    [Theory]
    [InlineData("GET /x HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\n\r\n", 400)]
    [InlineData("BR@KEN /x HTTP/1.1\r\nHost: localhost\r\n\r\n", 400)]
    [InlineData("PUT /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: nope\r\n\r\n", 400)]
    public async Task Other_requests_the_http_parser_rejects_get_the_dps_error_shape(string request, int expected)
    {
        await using var emu = await TestEmulator.StartAsync();
        var answer = await RawHttps.SendAsync(emu.Server, request);
        Assert.Equal(expected, answer.Status);
        Assert.Equal(expected * 1000, AssertDpsError(answer.Body).GetProperty("errorCode").GetInt32());
    }

    [Fact]
    public async Task After_a_rejected_request_the_emulator_serves_a_full_flow()
    {
        await using var emu = await TestEmulator.StartAsync();
        await RawHttps.SendAsync(emu.Server, "GET /a%00 HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var result = await emu.ProvisionAsync("after-reject-1");
        Assert.Equal("assigned", result.GetProperty("status").GetString());
    }

    /// <summary>Asserts <c>{"errorCode":6 digits,"trackingId":..,"message":..,"timestampUtc":..}</c> and returns it.</summary>
    internal static JsonElement AssertDpsError(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement.Clone();
        Assert.InRange(root.GetProperty("errorCode").GetInt32(), 100000, 599999);
        Assert.True(Guid.TryParse(root.GetProperty("trackingId").GetString(), out _), body);
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("message").GetString()), body);
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("timestampUtc").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _), body);
        return root;
    }

    private static Task<HttpResponseMessage> SendAsync(TestEmulator emu, HttpMethod method, string path, byte[] body)
    {
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.TryAddWithoutValidation("Authorization", emu.Token("utf8-1"));
        return emu.Http.SendAsync(request);
    }
}
