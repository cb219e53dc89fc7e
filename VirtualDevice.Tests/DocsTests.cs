using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace NanoDps.VirtualDevice.Tests;

/// <summary>
/// The documentation stays true to the tools: every relative link in README.md and docs/ resolves (file and
/// heading), and docs/reference/ holds every tool's --help exactly as the tool prints it. After changing a help
/// text, rewrite the pages with: NANODPS_WRITE_HELP=1 dotnet test VirtualDevice.Tests --filter DocsTests
/// </summary>
public sealed partial class DocsTests
{
    /// <summary>Every help a reference page must hold: the tool (its project folder) and the arguments.</summary>
    private static readonly string[] HelpCommands =
    [
        "DpsEmulator --help",
        "DpsEmulator keys --help",
        "VirtualDevice --help",
        "VirtualDevice derive-key --help",
        "VirtualDevice sas --help",
        "VirtualDevice check-image --help",
        "FleetSim --help",
        "FleetSim sweep --help",
        "FleetSim emulator --help",
        "Benchmarks --help",
        "Benchmarks --load --help",
    ];

    /// <summary>The rows of the help theory.</summary>
    public static TheoryData<string> Helps => new(HelpCommands);

    private static readonly string Root = FindRoot();

    [Theory]
    [MemberData(nameof(Helps))]
    public void The_reference_shows_the_help_as_the_tool_prints_it(string command)
    {
        string[] words = command.Split(' ');
        string printed = Normalize(RunTool(words[0], words[1..]));
        var blocks = HelpBlocks().Where(b => b.Command == command).ToList();
        Assert.True(blocks.Count == 1, $"docs/reference/ should hold the help of `{command}` once, as <!-- help: {command} --> followed by a ```text block; found {blocks.Count}.");
        HelpBlock block = blocks[0];
        if (block.Text == printed)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable("NANODPS_WRITE_HELP") == "1")
        {
            string page = File.ReadAllText(block.File);
            File.WriteAllText(block.File, page[..block.Start] + printed + page[(block.Start + block.Text.Length)..]);
            return;
        }

        Assert.Fail($"{Path.GetRelativePath(Root, block.File)}: the help of `{command}` is not what the tool prints. "
            + "Rewrite it with: NANODPS_WRITE_HELP=1 dotnet test VirtualDevice.Tests --filter DocsTests\n"
            + FirstDifference(block.Text, printed));
    }

    [Fact]
    public void Every_help_block_in_the_reference_is_one_the_test_checks()
    {
        string[] notChecked = [.. HelpBlocks().Select(b => b.Command).Where(c => !HelpCommands.Contains(c))];
        Assert.True(notChecked.Length == 0, "help blocks no test checks (add them to DocsTests.HelpCommands): " + string.Join(", ", notChecked));
    }

    [Fact]
    public void Every_relative_link_in_the_readme_and_docs_resolves()
    {
        var broken = new List<string>();
        foreach (string page in MarkdownPages())
        {
            foreach ((int line, string target) in Links(File.ReadAllText(page)))
            {
                string? problem = Check(page, target);
                if (problem is not null)
                {
                    broken.Add($"{Path.GetRelativePath(Root, page)}:{line}: {target}: {problem}");
                }
            }
        }

        Assert.True(broken.Count == 0, "broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void The_link_check_finds_a_missing_file_and_a_missing_heading()
    {
        string readme = Path.Combine(Root, "README.md");
        Assert.Null(Check(readme, "docs/README.md"));
        Assert.Equal("no such file or folder", Check(readme, "docs/no-such-page.md"));
        Assert.Equal("no heading with this anchor", Check(readme, "docs/README.md#no-such-heading"));
        Assert.Equal([(2, "b.md#c")], Links("x\n[a](b.md#c) `[d](e.md)`\n```\n[f](g.md)\n```\n[h](https://example.com)").ToArray());
    }

    [Fact]
    public void No_page_in_docs_is_over_500_lines_and_the_readme_is_at_most_150()
    {
        Assert.True(LineCount(Path.Combine(Root, "README.md")) <= 150, "README.md is over 150 lines: move the detail into docs/.");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Where(f => LineCount(f) > 500)
            .Select(f => $"{Path.GetRelativePath(Root, f)} has {LineCount(f)} lines"));
    }

    private sealed record HelpBlock(string File, string Command, int Start, string Text);

    private static IEnumerable<HelpBlock> HelpBlocks()
    {
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Root, "docs", "reference"), "*.md"))
        {
            string page = File.ReadAllText(file);
            foreach (Match m in HelpMarker().Matches(page))
            {
                Group text = m.Groups["text"];
                yield return new HelpBlock(file, m.Groups["command"].Value.Trim(), text.Index, text.Value);
            }
        }
    }

    /// <summary>What the tool prints, with the build's commit and the year (in BenchmarkDotNet's first lines) taken out.</summary>
    private static string Normalize(string text)
    {
        string unix = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        unix = CommitHash().Replace(unix, "+<commit>");
        unix = CopyrightYear().Replace(unix, "Copyright (C) <year>");
        return string.Join('\n', unix.Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n') + "\n";
    }

    private static string RunTool(string project, string[] args)
    {
        // The test's own output folder is <root>/VirtualDevice.Tests/bin/<configuration>/<framework>/; each tool's is the same under its folder.
        string ours = Path.GetRelativePath(Path.Combine(Root, "VirtualDevice.Tests"), AppContext.BaseDirectory);
        string dll = Path.Combine(Root, project, ours, project + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built: build VirtualDevice.Tests (it builds every tool first).");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };

        // FleetSim's --threads defaults to the processor count: the reference shows the help of a 2-core machine.
        start.Environment["DOTNET_PROCESSOR_COUNT"] = "2";
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"{project} {string.Join(' ', args)} did not end within a minute");
        Assert.True(process.ExitCode == 0, $"{project} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    private static IEnumerable<string> MarkdownPages() =>
        new[] { Path.Combine(Root, "README.md"), Path.Combine(Root, "config", "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories));

    /// <summary>The relative link targets of a Markdown page with their line numbers, outside code blocks and code spans.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string markdown)
    {
        bool fence = false;
        string[] lines = markdown.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fence = !fence;
                continue;
            }

            if (fence)
            {
                continue;
            }

            string text = CodeSpan().Replace(lines[i], string.Empty);
            foreach (Match m in Link().Matches(text))
            {
                string target = m.Groups["target"].Value;
                if (!target.Contains("://", StringComparison.Ordinal) && !target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    yield return (i + 1, target);
                }
            }
        }
    }

    /// <summary>Null when <paramref name="target"/>, linked from <paramref name="page"/>, resolves; else what is wrong.</summary>
    private static string? Check(string page, string target)
    {
        int hash = target.IndexOf('#', StringComparison.Ordinal);
        string path = hash < 0 ? target : target[..hash];
        string anchor = hash < 0 ? string.Empty : target[(hash + 1)..];
        string file = path.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
        if (!File.Exists(file) && !Directory.Exists(file))
        {
            return "no such file or folder";
        }

        if (anchor.Length > 0 && file.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(file)).Contains(anchor))
        {
            return "no heading with this anchor";
        }

        return null;
    }

    /// <summary>GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>();
        bool fence = false;
        foreach (string line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fence = !fence;
                continue;
            }

            Match h = Heading().Match(line);
            if (fence || !h.Success)
            {
                continue;
            }

            string slug = string.Concat(h.Groups["title"].Value.Trim().ToLowerInvariant()
                .Where(c => char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == ' '))
                .Replace(' ', '-');
            string unique = slug;
            for (int n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    private static string FirstDifference(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "(end)";
            string y = i < b.Length ? b[i] : "(end)";
            if (x != y)
            {
                return $"first difference, line {i + 1} of the block:\n  page: {x}\n  tool: {y}";
            }
        }

        return string.Empty;
    }

    private static int LineCount(string file) => File.ReadAllLines(file).Length;

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "nanoDps.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("no nanoDps.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"<!-- help: (?<command>[^>]+?) -->\s*```text\n(?<text>.*?)```", RegexOptions.Singleline)]
    private static partial Regex HelpMarker();

    [GeneratedRegex(@"\+[0-9a-f]{40}")]
    private static partial Regex CommitHash();

    [GeneratedRegex(@"Copyright \(C\) \d{4}")]
    private static partial Regex CopyrightYear();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (?<title>.+)$")]
    private static partial Regex Heading();
}
