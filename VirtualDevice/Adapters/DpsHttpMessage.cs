using System.Text;
using NanoDps.Provisioning;

namespace NanoDps.VirtualDevice.Adapters;

/// <summary>
/// The core's <see cref="DpsRequest"/> as an <see cref="HttpRequestMessage"/>, headers as the board
/// sends them: the one request mapping of the host exchanges (this one's <see cref="HostHttpExchange"/>
/// and FleetSim's live boards, which compile this file too).
/// </summary>
internal static class DpsHttpMessage
{
    /// <summary>The request; <paramref name="connectionClose"/> asks the server to close the connection after its answer.</summary>
    public static HttpRequestMessage From(DpsRequest request, bool connectionClose)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        message.Headers.TryAddWithoutValidation("Accept", DpsRequest.Accept);
        message.Headers.TryAddWithoutValidation("User-Agent", DpsRequest.UserAgent);
        message.Headers.ConnectionClose = connectionClose;
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            message.Content.Headers.TryAddWithoutValidation("Content-Type", DpsRequest.ContentType);
        }

        return message;
    }
}
