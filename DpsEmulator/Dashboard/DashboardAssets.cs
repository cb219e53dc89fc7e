using System.Text;

namespace NanoDps.Emulator;

/// <summary>The dashboard's page, script and style sheet, embedded in the assembly (plain files, no build step).</summary>
internal static class DashboardAssets
{
    private static readonly Dictionary<string, byte[]> Files = new[] { "index.html", "signin.html", "dashboard.js", "dashboard.css" }
        .ToDictionary(name => name, Load, StringComparer.Ordinal);

    /// <summary>The dashboard page.</summary>
    public static byte[] Page => Files["index.html"];

    /// <summary>The sign-in page, with the refusal of a wrong key when <paramref name="failed"/>.</summary>
    public static byte[] SignInPage(bool failed) => failed
        ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Files["signin.html"])
            .Replace("<!--message-->", "<p class=\"refused\" role=\"alert\">That is not the service key of this emulator.</p>", StringComparison.Ordinal))
        : Files["signin.html"];

    /// <summary>dashboard.js or dashboard.css.</summary>
    public static byte[] Get(string name) => Files[name];

    private static byte[] Load(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("Dashboard." + name)
            ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
