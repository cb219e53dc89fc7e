using System.Text;

namespace NanoDps.BoardAssemblies.Tests;

/// <summary>
/// A .pe string table as the Metadata Processor (nanoframework/metadata-processor @4541b46, v3.0.100)
/// lays it out, and nanoCLR's limit on it.
/// <para>
/// Layout (MetadataProcessor.Shared/Tables/nanoStringTable.cs): every distinct string once, compared
/// ordinally (:38-39, :97), stored as UTF-8 plus a terminating NUL (:101, written by
/// nanoBinaryWriter.WriteString), the empty string first (:70). A string's id is its byte offset, so the
/// table's size is the sum of (UTF-8 length + 1) over its strings: no suffix sharing, no compression.
/// The only saving is nanoCLR's 860 built-in strings (Utility/nanoStringsConstants.cs): a name equal to
/// one of them gets the built-in id and no room in the table (nanoStringTable.cs:93-96; literals too,
/// Mono.Cecil/CodeWriter.cs:118 and :410). This check does
/// NOT subtract them (their list is the Metadata Processor's data, not ours to copy): every figure here
/// counts them too, which makes it an over-estimate by the few hundred bytes of built-in names
/// (".ctor", "Object", "ToString", "get_Length", ...) an assembly uses.
/// </para>
/// <para>
/// The limit (nf-interpreter src/CLR/Core/StringTable.cpp): nanoCLR reads every string id at or above
/// 0xFFFF - 860 = 64,675 as one of its built-in strings, so a table that reaches 64,675 bytes loads its
/// last strings (the assembly's own name is added last, nanoAssemblyBuilder.cs:1066-1068) under wrong
/// names. The Metadata Processor itself only refuses ids above 65,535 (nanoStringTable.cs:103-107).
/// </para>
/// </summary>
public sealed class StringTable
{
    /// <summary>First string id nanoCLR reads as a built-in string: 0xFFFF minus its 860 built-ins.</summary>
    public const int NanoClrLimit = 0xFFFF - 860;

    /// <summary>The budget every board assembly stays under: 75% of <see cref="NanoClrLimit"/>.</summary>
    public const int Budget = NanoClrLimit * 3 / 4;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal) { string.Empty };
    private int _uncertainBytes;

    /// <summary>Adds a string the table certainly holds (deduplicated, as the Metadata Processor does).</summary>
    public void Add(string? value)
    {
        if (value is not null)
        {
            _strings.Add(value);
        }
    }

    /// <summary>
    /// Counts a name whose exact spelling is the compiler's choice (a lambda's or a closure's ordinal, an
    /// array-initializer field's hash): given at its longest possible length, and never deduplicated, so
    /// two names this estimate cannot tell apart can only add up, never merge.
    /// </summary>
    public void AddUncertain(string longestSpelling) => _uncertainBytes += Size(longestSpelling);

    public IReadOnlyCollection<string> Strings => _strings;

    /// <summary>The table's size in bytes, which is also the id the next string would get.</summary>
    public int Bytes => _strings.Sum(Size) + _uncertainBytes;

    public static int Size(string value) => Encoding.UTF8.GetByteCount(value) + 1;
}
