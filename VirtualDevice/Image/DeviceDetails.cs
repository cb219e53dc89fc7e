using System.Globalization;
using System.Text.RegularExpressions;

namespace NanoDps.VirtualDevice.Image;

/// <summary>
/// What check-image reads from the output of <c>nanoff --nanodevice --serialport &lt;port&gt; --devicedetails</c>:
/// the image's target, CLR version and build date, and its "Native Assemblies:" block, one line per native
/// assembly as nf-debugger's <c>NanoFrameworkDeviceInfo.ToString()</c> writes it
/// (<c>"  {Name} v{Version}, checksum 0x{Checksum:X8}"</c>, nf-debugger
/// <c>MFDeployTool/NanoFrameworkDeviceInfo.cs:270-274</c> @b8f26fb). Colour escapes and Windows line ends are
/// ignored, so a capture from any terminal or redirection reads the same.
/// </summary>
public sealed partial class DeviceDetails
{
    private const string BlockTitle = "Native Assemblies:";

    private DeviceDetails(string? target, string? clrVersion, string? buildDate, IReadOnlyList<NativeAssembly> nativeAssemblies)
    {
        Target = target;
        ClrVersion = clrVersion;
        BuildDate = buildDate;
        NativeAssemblies = nativeAssemblies;
    }

    /// <summary>The image's target name ("  Target:   ESP32_REV0"), or null when the output has none.</summary>
    public string? Target { get; }

    /// <summary>The image's version ("  CLR Version: 1.17.0.412"), or null.</summary>
    public string? ClrVersion { get; }

    /// <summary>The image's build date as the board reports it ("  Date:        Jul 12 2026"), or null.</summary>
    public string? BuildDate { get; }

    /// <summary>The native assemblies the image carries, in the order nanoff printed them.</summary>
    public IReadOnlyList<NativeAssembly> NativeAssemblies { get; }

    /// <summary>
    /// Reads <paramref name="text"/>; throws <see cref="FormatException"/> with a one-line reason when it has no
    /// "Native Assemblies:" block, more than one, an empty one, or a line in it that is not in nanoff's form.
    /// </summary>
    public static DeviceDetails Parse(string text)
    {
        string[] lines = ColourEscape().Replace(text, string.Empty).Split('\n').Select(l => l.TrimEnd('\r', ' ', '\t')).ToArray();
        int[] titles = Enumerable.Range(0, lines.Length).Where(i => lines[i].Trim().Equals(BlockTitle, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (titles.Length == 0)
        {
            throw new FormatException("it has no \"" + BlockTitle + "\" line: it must be the output of nanoff --nanodevice --serialport <port> --devicedetails "
                + "(--nanodevice asks nanoFramework on the board; --platform esp32 --devicedetails shows only the chip)");
        }

        if (titles.Length > 1)
        {
            throw new FormatException("it has " + titles.Length.ToString(CultureInfo.InvariantCulture) + " \"" + BlockTitle + "\" blocks (lines "
                + string.Join(", ", titles.Select(t => (t + 1).ToString(CultureInfo.InvariantCulture))) + "): give the output of one nanoff run");
        }

        var assemblies = new List<NativeAssembly>();
        for (int i = titles[0] + 1; i < lines.Length && lines[i].Length > 0; i++)
        {
            Match match = NativeAssemblyLine().Match(lines[i]);
            if (match.Success)
            {
                assemblies.Add(new NativeAssembly(
                    match.Groups["name"].Value,
                    match.Groups["version"].Value,
                    uint.Parse(match.Groups["checksum"].Value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)));
            }
            else if (char.IsWhiteSpace(lines[i][0]))
            {
                throw new FormatException("line " + (i + 1).ToString(CultureInfo.InvariantCulture) + " of its \"" + BlockTitle + "\" block is not in nanoff's form "
                    + "'  <name> v<a.b.c.d>, checksum 0x<8 hex digits>': '" + lines[i].Trim() + "'");
            }
            else
            {
                break;
            }
        }

        if (assemblies.Count == 0)
        {
            throw new FormatException("its \"" + BlockTitle + "\" block (line " + (titles[0] + 1).ToString(CultureInfo.InvariantCulture)
                + ") lists nothing; every nanoFramework image carries at least mscorlib: save the whole output of nanoff --nanodevice --serialport <port> --devicedetails");
        }

        string[] before = lines[..titles[0]];
        return new DeviceDetails(Field(before, "Target:"), Field(before, "CLR Version:"), Field(before, "Date:"), assemblies);
    }

    private static string? Field(string[] lines, string label)
    {
        string? line = lines.FirstOrDefault(l => l.Length > 0 && char.IsWhiteSpace(l[0]) && l.TrimStart().StartsWith(label, StringComparison.Ordinal));
        string? value = line?.TrimStart()[label.Length..].Trim();
        return string.IsNullOrEmpty(value) || value == "unknown" ? null : value;
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex ColourEscape();

    [GeneratedRegex(@"^\s+(?<name>\S+) v(?<version>\d+\.\d+\.\d+\.\d+), checksum 0x(?<checksum>[0-9A-Fa-f]{8})$")]
    private static partial Regex NativeAssemblyLine();
}

/// <summary>One line of the "Native Assemblies:" block: a native assembly the image carries.</summary>
public sealed record NativeAssembly(string Name, string Version, uint Checksum)
{
    /// <summary>The checksum as nanoff prints it.</summary>
    public string ChecksumText => "0x" + Checksum.ToString("X8", CultureInfo.InvariantCulture);
}
