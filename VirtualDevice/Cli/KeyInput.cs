namespace NanoDps.VirtualDevice.Cli;

/// <summary>
/// Where a tool's key comes from, so that it need not be typed as an argument (which stays in the
/// shell history and shows in <c>ps</c>): <c>-</c> reads one line of standard input (not echoed on a
/// terminal), no option at all takes an environment variable, and a value given as it is still works.
/// Problems name the source (the option, standard input or the variable) and never repeat the key.
/// </summary>
public sealed class KeyInput
{
    /// <summary>The value that reads the key from standard input.</summary>
    public const string StandardInput = "-";

    private KeyInput(string option, string variable, string what)
    {
        Option = option;
        Variable = variable;
        What = what;
    }

    /// <summary>derive-key's <c>--group-key</c>, or <c>NANODPS_GROUP_KEY</c>.</summary>
    public static KeyInput GroupKey { get; } = new("--group-key", "NANODPS_GROUP_KEY", "the enrollment group's key");

    /// <summary>sas's <c>--key</c>, or <c>NANODPS_KEY</c>.</summary>
    public static KeyInput DeviceKey { get; } = new("--key", "NANODPS_KEY", "the device key");

    /// <summary>The option's name.</summary>
    public string Option { get; }

    /// <summary>The environment variable read when the option is not given.</summary>
    public string Variable { get; }

    /// <summary>What the key is, for messages.</summary>
    public string What { get; }

    private string Capitalized => char.ToUpperInvariant(What[0]) + What[1..];

    /// <summary>How to give the key, for --help.</summary>
    public string Help => $"{Capitalized} (base64). '-' reads it from standard input (not shown as you type); without the option it is read from {Variable}. "
        + "A key typed as the value itself stays in the shell history and shows in ps";

    /// <summary>
    /// The key and where it came from ("--group-key", "standard input (--group-key -)" or the variable's name);
    /// null with <paramref name="problem"/> when there is none to read.
    /// </summary>
    public string? Read(string? value, Terminal terminal, out string source, out string? problem)
    {
        problem = null;
        if (value is null)
        {
            source = Variable;
            string? fromEnvironment = terminal.Variable(Variable);
            if (fromEnvironment is null)
            {
                problem = $"{Option} is missing: give {What} on standard input with '{Option} -', or in the environment variable {Variable} "
                    + "(typed as an argument it would stay in the shell history).";
            }

            return fromEnvironment;
        }

        if (value != StandardInput)
        {
            source = Option;
            return value;
        }

        source = $"the key on standard input ({Option} -)";
        string? line = terminal.ReadSecretLine($"{Capitalized} (base64, not shown): ");
        if (string.IsNullOrWhiteSpace(line))
        {
            problem = $"{Option} -: standard input held no key; pipe it in, e.g. {Option} - < key.txt, or type it when asked.";
            return null;
        }

        return line.Trim();
    }
}
