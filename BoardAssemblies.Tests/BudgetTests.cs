using Xunit.Abstractions;

namespace NanoDps.BoardAssemblies.Tests;

/// <summary>
/// Every assembly that goes to a board (every .nfproj of the repository) keeps its string table under 75%
/// of nanoCLR's limit (issue 18, item 2). Past the limit nanoCLR loads the assembly under a wrong name and
/// runs nothing, and nothing reports it. Each assembly's figure is in the test's output:
/// <c>dotnet test BoardAssemblies.Tests --filter EveryBoardAssembly --logger "console;verbosity=detailed"</c>.
/// </summary>
public class BudgetTests(ITestOutputHelper output)
{
    /// <summary>Set to 1 to enforce the budget on a layout where two projects compile the same sources.</summary>
    public const string StrictVariable = "NANODPS_BUDGET_STRICT";

    [SkippableFact]
    public void EveryBoardAssemblyStaysUnderTheBudget()
    {
        var tree = SourceTree.Working(SourceTree.RepositoryRoot());
        var figures = new BoardAssemblyFigures(tree).MeasureAll();
        foreach (var figure in figures)
        {
            output.WriteLine(figure.ToString());
        }

        Assert.NotEmpty(figures);
        var over = figures.Where(figure => figure.Bytes > StringTable.Budget).ToList();
        var message = string.Join("\n", over.Select(OverBudget));

        // Before issue 18 item 1 the test project compiles the core's and the adapters' sources into its
        // own assembly; its table is then over nanoCLR's limit, which is the reason for that item.
        var shared = SharedSources(tree);
        if (over.Count > 0 && shared.Count > 0 && Environment.GetEnvironmentVariable(StrictVariable) != "1")
        {
            throw new SkipException(
                $"{shared.Count} source files are compiled by more than one .nfproj ({shared[0]}, ...): the layout before "
                + $"issue 18 item 1 puts the core into the test assembly. Set {StrictVariable}=1 to enforce the budget anyway.\n{message}");
        }

        Assert.True(over.Count == 0, message);
    }

    public static string OverBudget(AssemblyFigure figure) =>
        $"{figure.AssemblyName} ({figure.Project}): its string table is {figure.Bytes:N0} bytes, over the budget of "
        + $"{StringTable.Budget:N0} (75% of nanoCLR's limit {StringTable.NanoClrLimit:N0}; at the limit it loads under a "
        + "wrong name and runs nothing). Move code into its own library project (each assembly has its own table), "
        + "or shorten what it stores: log lines (one short line per event, the explanation in docs/tutorials/board.md), "
        + "test and member names, assertion arguments.";

    private static List<string> SharedSources(SourceTree tree) => tree.NfProjects
        .SelectMany(path => tree.LoadProject(path).Sources)
        .GroupBy(source => source)
        .Where(group => group.Count() > 1)
        .Select(group => tree.Relative(group.Key))
        .ToList();
}
