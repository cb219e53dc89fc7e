namespace NanoDps.BoardAssemblies.Tests;

/// <summary>
/// What the Metadata Processor (nanoframework/metadata-processor @4541b46) leaves out of a .pe, read from
/// its source. Paths are under MetadataProcessor.Shared/.
/// </summary>
public static class MdpRules
{
    /// <summary>
    /// Types never written (Tables/nanoTablesContext.cs:488-493 SetDefaultTypesToExclude, matched by full
    /// name, by name or by declaring type in Extensions/TypeDefinitionExtensions.cs:35-40), plus every
    /// type marked [ExcludeType] (nanoTablesContext.cs:472-486). The module type is never a type either
    /// (nanoTablesContext.cs:320-322).
    /// </summary>
    public static readonly HashSet<string> ExcludedTypes = new(StringComparer.Ordinal)
    {
        "<Module>",
        "ThisAssembly",
        "System.Runtime.CompilerServices.RefSafetyRulesAttribute",
        "System.Runtime.CompilerServices.AccessedThroughPropertyAttribute",
    };

    public const string ExcludeTypeAttribute = "System.Runtime.CompilerServices.ExcludeTypeAttribute";

    /// <summary>
    /// Attributes that do not go into the attributes table (nanoTablesContext.cs:19-68 IgnoringAttributes,
    /// and Extensions/TypeReferenceExtensions.cs:13-27 for System.Diagnostics.CodeAnalysis): their string
    /// arguments do not reach the string table and their types are not kept for them.
    /// </summary>
    private static readonly HashSet<string> IgnoredAttributes = new(StringComparer.Ordinal)
    {
        "System.Reflection.AssemblyFileVersionAttribute",
        "System.Runtime.InteropServices.ComVisibleAttribute",
        "System.Runtime.InteropServices.GuidAttribute",
        "System.ParamArrayAttribute",
        "System.SerializableAttribute",
        "System.NonSerializedAttribute",
        "System.Runtime.InteropServices.StructLayoutAttribute",
        "System.Runtime.InteropServices.LayoutKind",
        "System.Runtime.InteropServices.OutAttribute",
        "System.Runtime.CompilerServices.ExtensionAttribute",
        "System.Runtime.CompilerServices.MethodImplAttribute",
        "System.Runtime.CompilerServices.NullableAttribute",
        "System.Runtime.CompilerServices.NullableContextAttribute",
        "System.Runtime.CompilerServices.InternalsVisibleToAttribute",
        "System.Runtime.CompilerServices.IndexerNameAttribute",
        "System.Runtime.CompilerServices.MethodImplOptions",
        "System.Runtime.CompilerServices.RefSafetyRulesAttribute",
        "System.Reflection.FieldNoReflectionAttribute",
        "System.Diagnostics.DebuggableAttribute",
        "System.Diagnostics.DebuggerBrowsableAttribute",
        "System.Diagnostics.DebuggerBrowsableState",
        "System.Diagnostics.DebuggerHiddenAttribute",
        "System.Diagnostics.DebuggerNonUserCodeAttribute",
        "System.Diagnostics.DebuggerStepThroughAttribute",
        "System.Diagnostics.DebuggerDisplayAttribute",
        "System.AttributeUsageAttribute",
        "System.CLSCompliantAttribute",
        "System.FlagsAttribute",
        "System.ObsoleteAttribute",
        "System.Diagnostics.ConditionalAttribute",
        "System.ComponentModel.EditorBrowsableAttribute",
        "System.Reflection.DefaultMemberAttribute",
        "System.MTAThreadAttribute",
        "System.STAThreadAttribute",
    };

    public static bool IsIgnoredAttribute(string fullName) =>
        IgnoredAttributes.Contains(fullName)
        || ExcludedTypes.Contains(fullName)
        || fullName.StartsWith("System.Diagnostics.CodeAnalysis", StringComparison.Ordinal);
}
