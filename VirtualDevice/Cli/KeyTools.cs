using System.Globalization;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;

namespace NanoDps.VirtualDevice.Cli;

/// <summary>
/// The manufacturing tools: derive a device key from a group key, mint a DPS SAS token. Both run the
/// core's own code (DeviceKey, SasToken) and checks (Base64Key, RegistrationId, ConfigValidator), so
/// what they print is exactly what a board computes. Standard output gets the result and nothing
/// else; problems go to standard error, naming the option, with exit code 2. Keys come through
/// <see cref="KeyInput"/>: standard input or an environment variable, so they stay out of the shell history.
/// </summary>
public static class KeyTools
{
    /// <summary>
    /// derive-key: prints base64(HMAC-SHA256(base64decode(groupKey), registrationId)). The group key is
    /// <paramref name="groupKey"/>, read from standard input when it is "-", or from NANODPS_GROUP_KEY when null.
    /// </summary>
    public static int DeriveKey(string? groupKey, string registrationId, Terminal terminal)
    {
        var problems = new List<string>();
        string? key = KeyInput.GroupKey.Read(groupKey, terminal, out string source, out string? missing);
        Add(problems, missing);
        if (key is not null)
        {
            Check(problems, source, Base64Key.Check(key));
        }

        Check(problems, "--registration-id", RegistrationId.Check(registrationId));
        if (problems.Count > 0)
        {
            return Fail(problems, terminal);
        }

        byte[] derived = DeviceKey.Derive(Base64Key.Decode(key!), registrationId, new HostHmac());
        terminal.Out.WriteLine(DeviceKey.ToBase64(derived));
        return ExitCodes.Provisioned;
    }

    /// <summary>
    /// sas: prints the DPS registration token for <paramref name="idScope"/>/registrations/<paramref name="registrationId"/>,
    /// skn=registration. The key is <paramref name="key"/>, read from standard input when it is "-", or from NANODPS_KEY when null.
    /// </summary>
    public static int Sas(string idScope, string registrationId, string? key, long expires, Terminal terminal)
    {
        var problems = new List<string>();

        // The checks the board makes (the config validator's id scope rule, Base64Key, RegistrationId), each named after its option.
        var config = new DeviceConfig { IdScope = idScope };
        config.ApplyDefaults();
        foreach (ConfigError error in ConfigValidator.Validate(config, requireWifi: false))
        {
            if (error.Field == "idScope")
            {
                Check(problems, "--id-scope", error.Problem);
            }
        }

        Check(problems, "--registration-id", RegistrationId.Check(registrationId));
        string? deviceKey = KeyInput.DeviceKey.Read(key, terminal, out string source, out string? missing);
        Add(problems, missing);
        if (deviceKey is not null)
        {
            Check(problems, source, Base64Key.Check(deviceKey));
        }

        if (expires <= 0)
        {
            Check(problems, "--expires", "must be the expiry as Unix seconds, like " + DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        if (problems.Count > 0)
        {
            return Fail(problems, terminal);
        }

        if (expires <= DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            terminal.Error.WriteLine("note: --expires is in the past; DPS will refuse this token");
        }

        string token = SasToken.Create(SasToken.DpsResource(idScope, registrationId), Base64Key.Decode(deviceKey!), expires, SasToken.RegistrationKeyName, new HostHmac());
        terminal.Out.WriteLine(token);
        return ExitCodes.Provisioned;
    }

    private static void Check(List<string> problems, string option, string? problem)
    {
        if (problem is not null)
        {
            problems.Add(option + " " + problem);
        }
    }

    private static void Add(List<string> problems, string? problem)
    {
        if (problem is not null)
        {
            problems.Add(problem);
        }
    }

    private static int Fail(List<string> problems, Terminal terminal)
    {
        foreach (string problem in problems)
        {
            terminal.Error.WriteLine("error: " + problem);
        }

        return ExitCodes.Usage;
    }
}
