namespace NanoDps.BoardAssemblies.Tests;

/// <summary>Reading a .nfproj's compile set, in both layouts of issue 18: sources linked in, and project references.</summary>
public sealed class NfProjectTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nfproj-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Project(string assemblyName, string items) => $"""
        <Project ToolsVersion="Current" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
          <PropertyGroup><OutputType>Library</OutputType><AssemblyName>{assemblyName}</AssemblyName><LangVersion>9.0</LangVersion></PropertyGroup>
          <ItemGroup>{items}</ItemGroup>
          <ItemGroup>
            <Reference Include="mscorlib, Version=1.17.11.0, Culture=neutral, PublicKeyToken=c07d481e9758c731"><HintPath>..\packages\mscorlib.dll</HintPath></Reference>
          </ItemGroup>
        </Project>
        """;

    [Fact]
    public void WildcardsLinksExcludesAndRemovesAreExpandedAsMsBuildDoes()
    {
        Write("Lib/Core/A.cs", "");
        Write("Lib/Core/Deep/B.cs", "");
        Write("Lib/Core/obj/Generated.cs", "");
        Write("Lib/Other.cs", "");
        Write("App/Own.cs", "");
        Write("App/Skipped.cs", "");
        var path = Write("App/App.nfproj", Project("App", """
            <Compile Include="Own.cs;Skipped.cs" />
            <Compile Remove="Skipped.cs" />
            <Compile Include="..\Lib\Core\**\*.cs" Exclude="..\Lib\Core\Deep\*.cs"><Link>Core\%(Filename)%(Extension)</Link></Compile>
            <Compile Include="..\Lib\*.cs" />
            <Compile Include="Missing.cs" />
            """));

        var project = NfProject.Load(path);

        Assert.Equal("App", project.AssemblyName);
        Assert.Equal(["App/Own.cs", "Lib/Core/A.cs", "Lib/Other.cs"], project.Sources.Select(source => Path.GetRelativePath(_root, source)));
        Assert.Equal(["mscorlib"], project.References);
    }

    [Fact]
    public void AReferencedProjectIsItsOwnAssemblyAndNotPartOfTheReferencingOne()
    {
        Write("Lib/Greeter.cs", "namespace Lib { public class Greeter { public string Greet() { return \"a rather long greeting that only the library stores\"; } } }");
        Write("Lib/Lib.nfproj", Project("Lib", """<Compile Include="Greeter.cs" />"""));
        Write("App/Program.cs", "namespace App { public static class Program { public static string Run() { return new Lib.Greeter().Greet(); } } }");
        Write("App/App.nfproj", Project("App", """<Compile Include="Program.cs" /><ProjectReference Include="..\Lib\Lib.nfproj" />"""));
        var tree = SourceTree.Working(_root);

        var figures = new BoardAssemblyFigures(tree).MeasureAll();

        Assert.Equal(["App", "Lib"], figures.Select(figure => figure.AssemblyName));
        Assert.All(figures, figure => Assert.True(figure.Compiled));
        Assert.All(figures, figure => Assert.Equal(1, figure.SourceCount));
        var app = tree.LoadProject(Path.Combine(_root, "App/App.nfproj"));
        Assert.Equal([Path.Combine(_root, "Lib/Lib.nfproj")], app.ProjectReferences);
        // App names Lib's type and method (a type and member reference) and Lib, not the literal.
        var appTable = figures[0].Bytes;
        Assert.Equal(StringTable.Size("") + StringTable.Size("App") + StringTable.Size("Program") + StringTable.Size("Run")
            + StringTable.Size("Greeter") + StringTable.Size("Lib") + StringTable.Size(".ctor") + StringTable.Size("Greet")
            + StringTable.Size("mscorlib") + StringTable.Size("Object") + StringTable.Size("System"), appTable);
    }
}
