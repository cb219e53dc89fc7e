using System.Text;

namespace NanoDps.Emulator;

/// <summary>
/// ETags as DPS makes them: base64 of a quoted GUID (e.g. <c>IjE4MDA1YzQ3LTAwMDAt…Ig==</c>), new on every change.
/// </summary>
internal static class ETags
{
    public static string New() => Convert.ToBase64String(Encoding.UTF8.GetBytes("\"" + Guid.NewGuid().ToString("D") + "\""));
}
