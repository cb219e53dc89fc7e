using System.Globalization;
using NanoDps.Provisioning;
using NanoDps.VirtualDevice.Adapters;

namespace NanoDps.VirtualDevice.Cli;

/// <summary>
/// The manufacturing tools: derive a device key from a group key, mint a DPS SAS token. Both run the
/// core's own code (DeviceKey, SasToken) and checks (Base64Key, RegistrationId, ConfigValidator), so
/// what they print is exactly what a board computes. Standard output gets the result and nothing
/// else; problems go to standard error, naming the option, with exit code 2.
/// </summary>
public static class KeyTools
{
    /// <summary>derive-key: prints base64(HMAC-SHA256(base64decode(groupKey), registrationId)).</summary>
    public static int DeriveKey(string groupKey, string registrationId, Terminal terminal)
    {
        var problems = new List<string>();
        Check(problems, "--group-key", Base64Key.Check(groupKey));
        Check(problems, "--registration-id", RegistrationId.Check(registrationId));
        if (problems.Count > 0)
        {
            return Fail(problems, terminal);
        }

        byte[] key = DeviceKey.Derive(Base64Key.Decode(groupKey), registrationId, new HostHmac());
        terminal.Out.WriteLine(DeviceKey.ToBase64(key));
        return ExitCodes.Provisioned;
    }

    /// <summary>sas: prints the DPS registration token for <paramref name="idScope"/>/registrations/<paramref name="registrationId"/>, skn=registration.</summary>
    public static int Sas(string idScope, string registrationId, string key, long expires, Terminal terminal)
    {
        // The core's config validator checks the id scope, the key and the id exactly as on the board.
        var config = new DeviceConfig { IdScope = idScope, DeviceKey = key, RegistrationId = registrationId };
        config.ApplyDefaults();
        var problems = new List<string>();
        foreach (ConfigError error in ConfigValidator.Validate(config, requireWifi: false))
        {
            string option = error.Field switch
            {
                "idScope" => "--id-scope",
                "deviceKey" => "--key",
                "registrationId" => "--registration-id",
                _ => error.Field,
            };
            Check(problems, option, error.Problem);
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

        string token = SasToken.Create(SasToken.DpsResource(idScope, registrationId), Base64Key.Decode(key), expires, SasToken.RegistrationKeyName, new HostHmac());
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

    private static int Fail(List<string> problems, Terminal terminal)
    {
        foreach (string problem in problems)
        {
            terminal.Error.WriteLine("error: " + problem);
        }

        return ExitCodes.Usage;
    }
}
