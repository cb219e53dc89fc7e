using System.Text;

namespace NanoDps.Emulator;

/// <summary>A device-to-cloud message received on the hub endpoint.</summary>
/// <param name="IotHub">The hub it was sent to (the device's assigned hub).</param>
/// <param name="DeviceId">The sending device.</param>
/// <param name="Body">The raw body.</param>
/// <param name="ContentType">The Content-Type header, or null.</param>
/// <param name="Properties">Application properties, from <c>iothub-app-NAME</c> headers.</param>
/// <param name="ReceivedUtc">When it arrived (emulator's TimeProvider).</param>
public sealed record HubMessage(
    string IotHub,
    string DeviceId,
    byte[] Body,
    string? ContentType,
    IReadOnlyDictionary<string, string> Properties,
    DateTimeOffset ReceivedUtc)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);
}
