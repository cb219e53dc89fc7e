using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using NanoDps.FleetSim.Search;

namespace NanoDps.FleetSim.Cli;

/// <summary>
/// Options whose bad values get one line naming the option, what is wrong and the fix
/// (`--devices must be a whole number of 1 or more (got -5).`), instead of the parser's type names.
/// </summary>
internal static class Options
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public static Option<int> Whole(string name, int defaultValue, int min, string description, string helpName = "n", int max = int.MaxValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = helpName };
        option.CustomParser = result => ParseWhole(result, name, min, result.Tokens.Count == 0 ? string.Empty : result.Tokens[^1].Value, max);
        return option;
    }

    /// <summary>One or more whole numbers, each at least <paramref name="min"/>.</summary>
    public static Option<int[]> WholeList(string name, int[] defaultValue, int min, string description, string helpName = "n")
    {
        var option = new Option<int[]>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = helpName, AllowMultipleArgumentsPerToken = true };
        option.CustomParser = result => result.Tokens.Select(t => ParseWhole(result, name, min, t.Value)).ToArray();
        return option;
    }

    /// <summary>Seconds, decimals allowed, at least <paramref name="min"/> (read it with <see cref="Milliseconds(double)"/>).</summary>
    public static Option<double> Seconds(string name, double defaultSeconds, double min, string description)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultSeconds, HelpName = "seconds" };
        option.CustomParser = result => ParseSeconds(result, name, min, result.Tokens.Count == 0 ? string.Empty : result.Tokens[^1].Value);
        return option;
    }

    /// <summary>Several durations in seconds, decimals allowed.</summary>
    public static Option<double[]> SecondsList(string name, double[] defaultSeconds, double min, string description)
    {
        var option = new Option<double[]>(name) { Description = description, DefaultValueFactory = _ => defaultSeconds, HelpName = "seconds", AllowMultipleArgumentsPerToken = true };
        option.CustomParser = result => result.Tokens.Select(t => ParseSeconds(result, name, min, t.Value)).ToArray();
        return option;
    }

    /// <summary>Seconds as the whole milliseconds the core counts in.</summary>
    public static int Milliseconds(double seconds) => (int)Math.Round(seconds * 1000);

    /// <summary>Milliseconds as the seconds an option shows.</summary>
    public static double InSeconds(int milliseconds) => milliseconds / 1000.0;

    /// <summary>Fleets such as 3000 or 300@100.</summary>
    public static Option<FleetSpec[]> Fleets(string name, IReadOnlyList<FleetSpec> defaultValue, string description)
    {
        var option = new Option<FleetSpec[]>(name) { Description = description, DefaultValueFactory = _ => defaultValue.ToArray(), HelpName = "n|n@rate", AllowMultipleArgumentsPerToken = true };
        option.CustomParser = result =>
        {
            var fleets = new List<FleetSpec>();
            foreach (Token token in result.Tokens)
            {
                FleetSpec? fleet = FleetSpec.Parse(token.Value, out string? problem);
                if (fleet is null)
                {
                    result.AddError($"{name}: {problem}.");
                    return [];
                }

                fleets.Add(fleet);
            }

            return fleets.ToArray();
        };
        return option;
    }

    /// <summary>An option that only exists to say it is ambiguous, e.g. --retry-after.</summary>
    public static Option<string> Refused(string name, string message)
    {
        var option = new Option<string>(name) { Hidden = true, Arity = ArgumentArity.ZeroOrOne };
        option.Validators.Add(result => result.AddError(message));
        return option;
    }

    private static int ParseWhole(ArgumentResult result, string name, int min, string text, int max = int.MaxValue)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, Inv, out long value) && value >= min && value <= max)
        {
            return (int)value;
        }

        string range = max == int.MaxValue ? $"of {min} or more" : $"from {min} to {max}";
        result.AddError($"{name} must be a whole number {range} (got {Shown(text)}).");
        return 0;
    }

    private static double ParseSeconds(ArgumentResult result, string name, double min, string text)
    {
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Inv, out double seconds) && seconds >= min && seconds <= int.MaxValue / 1000.0)
        {
            return seconds;
        }

        // The examples obey the bound: "of 1 or more, like 2 or 0.5" would contradict itself.
        string examples = min <= 0.5 ? "2 or 0.5" : $"{(min * 30).ToString("0.###", Inv)} or {(min + 0.5).ToString("0.###", Inv)}";
        result.AddError($"{name} must be a number of seconds of {min.ToString("0.###", Inv)} or more, like {examples} (got {Shown(text)}).");
        return 0;
    }

    private static string Shown(string text) => text.Length == 0 ? "nothing" : text.Length > 40 ? text[..40] + "…" : text;
}
