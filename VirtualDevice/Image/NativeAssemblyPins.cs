using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace NanoDps.VirtualDevice.Image;

/// <summary>
/// DeviceFirmware/native-assemblies.json: for every pinned package with native code, the native assembly the
/// flashed image must carry (name as nanoff prints it, native version, checksum); and the pinned packages that
/// have no native code. The virtual device carries the file as an embedded resource, so check-image compares a
/// board with the set this build was made from.
/// </summary>
public sealed class NativeAssemblyPins
{
    /// <summary>The name of the embedded copy of DeviceFirmware/native-assemblies.json.</summary>
    public const string ResourceName = "NanoDps.VirtualDevice.native-assemblies.json";

    /// <summary>The repository path of the file, for messages.</summary>
    public const string RepositoryPath = "DeviceFirmware/native-assemblies.json";

    private NativeAssemblyPins(string? imageVersion, IReadOnlyList<NativeAssemblyPin> packages, IReadOnlyList<PackagePin> noNativeCode)
    {
        ImageVersion = imageVersion;
        Packages = packages;
        NoNativeCode = noNativeCode;
    }

    /// <summary>A published image version confirmed to carry every native assembly of the set; null until one is.</summary>
    public string? ImageVersion { get; }

    /// <summary>The packages with native code, in the file's order.</summary>
    public IReadOnlyList<NativeAssemblyPin> Packages { get; }

    /// <summary>Pinned packages that have no native code (nothing in the image to match).</summary>
    public IReadOnlyList<PackagePin> NoNativeCode { get; }

    /// <summary>The copy built into this program.</summary>
    public static NativeAssemblyPins Embedded()
    {
        using Stream stream = typeof(NativeAssemblyPins).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("the embedded " + RepositoryPath + " is missing from " + Assembly.GetExecutingAssembly().GetName().Name);
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>
    /// Parses the file's text; a missing member or a value in the wrong form throws <see cref="FormatException"/>
    /// naming the entry and the member.
    /// </summary>
    public static NativeAssemblyPins Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        string? imageVersion = root.TryGetProperty("imageVersion", out JsonElement image) && image.ValueKind == JsonValueKind.String ? image.GetString() : null;
        if (imageVersion is not null && !IsFourPartVersion(imageVersion))
        {
            throw new FormatException("imageVersion must be a published image version such as 1.17.0.123 (got '" + imageVersion + "')");
        }

        var packages = new List<NativeAssemblyPin>();
        foreach (JsonElement entry in Array(root, "packages"))
        {
            string where = "packages[" + packages.Count.ToString(CultureInfo.InvariantCulture) + "]";
            string nativeVersion = Text(entry, "nativeVersion", where);
            string checksum = Text(entry, "checksum", where);
            if (!IsFourPartVersion(nativeVersion))
            {
                throw new FormatException(where + ".nativeVersion must be four numbers such as 100.2.0.14 (got '" + nativeVersion + "')");
            }

            if (!TryParseChecksum(checksum, out uint value))
            {
                throw new FormatException(where + ".checksum must be 0x and eight hex digits, such as 0x8EFB9944 (got '" + checksum + "')");
            }

            packages.Add(new NativeAssemblyPin(
                Text(entry, "package", where),
                Text(entry, "version", where),
                Text(entry, "nativeAssembly", where),
                nativeVersion,
                value,
                entry.TryGetProperty("inNfInterpreterMainSince", out JsonElement since) ? since.GetString() : null));
        }

        var none = new List<PackagePin>();
        foreach (JsonElement entry in Array(root, "noNativeCode"))
        {
            string where = "noNativeCode[" + none.Count.ToString(CultureInfo.InvariantCulture) + "]";
            none.Add(new PackagePin(Text(entry, "package", where), Text(entry, "version", where)));
        }

        return new NativeAssemblyPins(imageVersion, packages, none);
    }

    /// <summary>"0x" and eight hex digits, as nanoff prints a checksum.</summary>
    public static bool TryParseChecksum(string text, out uint value)
    {
        value = 0;
        return text.Length == 10 && text.StartsWith("0x", StringComparison.Ordinal)
            && uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Four dot-separated whole numbers.</summary>
    public static bool IsFourPartVersion(string text)
    {
        string[] parts = text.Split('.');
        return parts.Length == 4 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : throw new FormatException("the member '" + name + "' (an array) is missing");

    private static string Text(JsonElement entry, string name, string where) =>
        entry.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0
            ? value.GetString()!
            : throw new FormatException(where + "." + name + " is missing or not a non-empty string");
}

/// <summary>A pinned package (id and version).</summary>
public sealed record PackagePin(string Package, string Version);

/// <summary>
/// A pinned package with native code and what the image must carry for it: the native assembly
/// <paramref name="NativeAssembly"/> (as nanoff prints it) at <paramref name="NativeVersion"/> with <paramref name="Checksum"/>.
/// <paramref name="InMainSince"/> is when nf-interpreter's main branch started declaring exactly that.
/// </summary>
public sealed record NativeAssemblyPin(string Package, string Version, string NativeAssembly, string NativeVersion, uint Checksum, string? InMainSince)
{
    /// <summary>The checksum as nanoff prints it: 0x and eight upper-case hex digits.</summary>
    public string ChecksumText => "0x" + Checksum.ToString("X8", CultureInfo.InvariantCulture);
}
