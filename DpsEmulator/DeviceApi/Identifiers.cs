using System.Net;

namespace NanoDps.Emulator;

/// <summary>Syntax rules for registration ids, id scopes and hub host names.</summary>
internal static class Identifiers
{
    private static readonly string[] ReservedFirstSegments = ["enrollments", "enrollmentGroups", "registrations", "devices"];

    /// <summary>
    /// DPS rule: up to 128 characters, alphanumerics and <c>- . _ :</c>, starting and ending with
    /// an alphanumeric. Case-insensitive.
    /// </summary>
    public static bool IsValidRegistrationId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 128)
        {
            return false;
        }

        if (!char.IsAsciiLetterOrDigit(id[0]) || !char.IsAsciiLetterOrDigit(id[^1]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '.' && c != '_' && c != ':')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// An id scope is opaque: non-empty printable ASCII without '/', '?', '#', '%' or space; and not a
    /// first segment of the service API or the hub (<c>enrollments</c>, <c>enrollmentGroups</c>,
    /// <c>registrations</c>, <c>devices</c>), whose paths would hide the device API's.
    /// </summary>
    public static bool IsValidIdScope(string? scope)
    {
        if (string.IsNullOrEmpty(scope) || scope.Length > 64
            || ReservedFirstSegments.Contains(scope, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in scope)
        {
            if (c <= ' ' || c >= 127 || c is '/' or '?' or '#' or '%' or '\\')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A DNS host name (letters, digits, '-', dots; labels 1-63) that is not an IP address.</summary>
    public static bool IsValidHostName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 253 || IPAddress.TryParse(name, out _))
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Host names that mean "this machine" in a Host header.</summary>
    public static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host is "127.0.0.1" or "::1" or "[::1]";

    /// <summary>Generates an id scope the way DPS shows them: <c>0ne</c> and 8 upper-case hex digits.</summary>
    public static string NewIdScope() =>
        "0ne" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
}
