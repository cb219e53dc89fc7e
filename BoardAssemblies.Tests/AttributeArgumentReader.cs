using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace NanoDps.BoardAssemblies.Tests;

/// <summary>
/// Decodes custom attribute blobs far enough to read their string arguments. An enum argument of a type
/// from another assembly cannot be resolved here; it is read as an int (every enum in this project and in
/// nanoFramework's attribute arguments is int-based).
/// </summary>
internal sealed class AttributeArgumentReader(MetadataReader reader) : ICustomAttributeTypeProvider<string>
{
    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
    public string GetSystemType() => "System.Type";
    public string GetSZArrayType(string elementType) => elementType + "[]";
    public string GetTypeFromSerializedName(string name) => name;
    public bool IsSystemType(string type) => type == "System.Type";

    public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) =>
        reader.GetString(reader.GetTypeDefinition(handle).Name);

    public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) =>
        reader.GetString(reader.GetTypeReference(handle).Name);

    public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
}
