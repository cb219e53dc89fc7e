using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NanoDps.BoardAssemblies.Tests;

/// <summary>
/// The string table the Metadata Processor builds from a compiled assembly, read with
/// System.Reflection.Metadata. It follows the minimized second pass (MetadataProcessor.Shared/
/// nanoAssemblyBuilder.cs:97-182 Minimize, then Write :68-89), which is what the .pe holds:
/// <list type="bullet">
/// <item>every type except the excluded ones (<see cref="MdpRules"/>): its name and namespace, the names of
/// all its methods and of all its fields except constants. Minimize roots every type and each type pulls in
/// all its fields and methods (nanoAssemblyBuilder.cs:105-115, :514-540), so nothing declared is stripped:
/// private, unused, compiler-generated (closures, backing fields, &lt;PrivateImplementationDetails&gt; and
/// its hash-named fields) all count; constants do not (nanoTablesContext.cs:149-150, 
/// Tables/nanoTypeDefinitionTable.cs:110-111);</item>
/// <item>the type references that a kept type reaches (signatures, IL, base types, interfaces, attributes),
/// their names and namespaces (Tables/nanoTypeReferenceTable.cs:76-93), and the names of the assemblies
/// they come from (Tables/nanoAssemblyReferenceTable.cs:54-74);</item>
/// <item>the names of member references on those types (Tables/nanoStringTable.cs:192-207);</item>
/// <item>every <c>ldstr</c> literal of a kept method (nanoAssemblyBuilder.cs:773-779,
/// Tables/nanoByteCodeTable.cs:126-129);</item>
/// <item>the string arguments, named-argument names and typeof arguments of the attributes on types, fields
/// and methods that the Metadata Processor keeps (Tables/nanoSignaturesTable.cs:604-722); attributes on the
/// assembly, parameters, properties and return values are not written (nanoTablesContext.cs:163-167);</item>
/// <item>the assembly's own name (nanoAssemblyBuilder.cs:1066-1068).</item>
/// </list>
/// Not in the table: parameter names, property and event names (only their accessor methods), local
/// names, custom attributes' type names beyond the type references, anything only the assembly-level
/// attributes use.
/// </summary>
public static class CompiledAssemblyStrings
{
    public static StringTable Measure(byte[] peImage)
    {
        using var pe = new PEReader(ImmutableArray.Create(peImage));
        var walk = new Walk(pe);
        walk.Run();
        return walk.Table;
    }

    private sealed class Walk
    {
        private readonly PEReader _pe;
        private readonly MetadataReader _md;
        private readonly HashSet<EntityHandle> _seen = new();
        private readonly Queue<EntityHandle> _pending = new();
        private readonly HashSet<TypeReferenceHandle> _typeRefs = new();

        public Walk(PEReader pe)
        {
            _pe = pe;
            _md = pe.GetMetadataReader();
        }

        public StringTable Table { get; } = new();

        public void Run()
        {
            foreach (var handle in _md.TypeDefinitions)
            {
                if (!IsExcluded(handle))
                {
                    VisitType(handle);
                }
            }

            while (_pending.Count > 0)
            {
                Visit(_pending.Dequeue());
            }

            foreach (var handle in _typeRefs)
            {
                var reference = _md.GetTypeReference(handle);
                Table.Add(_md.GetString(reference.Name));
                Table.Add(_md.GetString(reference.Namespace));
                if (reference.ResolutionScope.Kind == HandleKind.AssemblyReference)
                {
                    Table.Add(_md.GetString(_md.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name));
                }
            }

            // Member references whose type is kept (nanoStringTable.cs:192-207).
            foreach (var handle in _md.MemberReferences)
            {
                var member = _md.GetMemberReference(handle);
                if (member.Parent.Kind != HandleKind.TypeReference || _typeRefs.Contains((TypeReferenceHandle)member.Parent))
                {
                    if (member.Parent.Kind == HandleKind.TypeReference || _seen.Contains(handle))
                    {
                        Table.Add(_md.GetString(member.Name));
                    }
                }
            }

            Table.Add(_md.GetString(_md.GetAssemblyDefinition().Name));
        }

        private string FullName(TypeDefinitionHandle handle)
        {
            var type = _md.GetTypeDefinition(handle);
            var name = _md.GetString(type.Name);
            var declaring = type.GetDeclaringType();
            if (!declaring.IsNil)
            {
                return FullName(declaring) + "/" + name;
            }

            var ns = _md.GetString(type.Namespace);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        private bool IsExcluded(TypeDefinitionHandle handle)
        {
            var type = _md.GetTypeDefinition(handle);
            if (MdpRules.ExcludedTypes.Contains(FullName(handle)) || MdpRules.ExcludedTypes.Contains(_md.GetString(type.Name)))
            {
                return true;
            }

            foreach (var attribute in type.GetCustomAttributes())
            {
                if (AttributeTypeName(_md.GetCustomAttribute(attribute)) == MdpRules.ExcludeTypeAttribute)
                {
                    return true;
                }
            }

            var declaring = type.GetDeclaringType();
            return !declaring.IsNil && IsExcluded(declaring);
        }

        private void VisitType(TypeDefinitionHandle handle)
        {
            var type = _md.GetTypeDefinition(handle);
            Table.Add(_md.GetString(type.Name));
            Table.Add(_md.GetString(type.Namespace));
            Enqueue(type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Enqueue(_md.GetInterfaceImplementation(implementation).Interface);
            }

            VisitAttributes(type.GetCustomAttributes());

            foreach (var fieldHandle in type.GetFields())
            {
                var field = _md.GetFieldDefinition(fieldHandle);
                if ((field.Attributes & FieldAttributes.Literal) != 0)
                {
                    continue;
                }

                Table.Add(_md.GetString(field.Name));
                VisitSignature(field.Signature, isField: true);
                VisitAttributes(field.GetCustomAttributes());
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = _md.GetMethodDefinition(methodHandle);
                Table.Add(_md.GetString(method.Name));
                VisitSignature(method.Signature, isField: false);
                VisitAttributes(method.GetCustomAttributes());
                if (method.RelativeVirtualAddress != 0)
                {
                    VisitBody(_pe.GetMethodBody(method.RelativeVirtualAddress));
                }
            }
        }

        private void VisitBody(MethodBodyBlock body)
        {
            if (!body.LocalSignature.IsNil)
            {
                var locals = _md.GetStandaloneSignature(body.LocalSignature);
                locals.DecodeLocalSignature(new TypeCollector(this), null);
            }

            foreach (var region in body.ExceptionRegions)
            {
                Enqueue(region.CatchType);
            }

            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                var opCode = IlOpCodes.Read(ref il);
                switch (opCode.OperandType)
                {
                    case OperandType.InlineString:
                        Table.Add(_md.GetUserString(MetadataTokens.UserStringHandle(il.ReadInt32() & 0xFFFFFF)));
                        break;
                    case OperandType.InlineMethod:
                    case OperandType.InlineField:
                    case OperandType.InlineType:
                    case OperandType.InlineTok:
                    case OperandType.InlineSig:
                        Enqueue(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    default:
                        il.Offset += IlOpCodes.OperandSize(opCode.OperandType);
                        break;
                }
            }
        }

        private void VisitAttributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var handle in attributes)
            {
                var attribute = _md.GetCustomAttribute(handle);
                if (MdpRules.IsIgnoredAttribute(AttributeTypeName(attribute)))
                {
                    continue;
                }

                Enqueue(attribute.Constructor);
                var value = attribute.DecodeValue(new AttributeArgumentReader(_md));
                foreach (var argument in value.FixedArguments)
                {
                    AddArgument(argument.Type, argument.Value);
                }

                foreach (var argument in value.NamedArguments)
                {
                    Table.Add(argument.Name);
                    AddArgument(argument.Type, argument.Value);
                }
            }
        }

        private void AddArgument(string type, object? value)
        {
            switch (value)
            {
                case string name when type == "System.Type":
                    // Written as Mono.Cecil's FullName (nanoSignaturesTable.cs:717-721): no assembly, '/' for nesting.
                    var comma = name.IndexOf(',');
                    Table.Add((comma < 0 ? name : name[..comma]).Replace('+', '/'));
                    break;
                case string text:
                    Table.Add(text);
                    break;
                case ImmutableArray<CustomAttributeTypedArgument<string>> array:
                    foreach (var element in array)
                    {
                        AddArgument(element.Type, element.Value);
                    }

                    break;
            }
        }

        private string AttributeTypeName(CustomAttribute attribute)
        {
            EntityHandle type = attribute.Constructor.Kind == HandleKind.MemberReference
                ? _md.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent
                : _md.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType();
            return type.Kind switch
            {
                HandleKind.TypeReference => TypeReferenceName((TypeReferenceHandle)type),
                HandleKind.TypeDefinition => FullName((TypeDefinitionHandle)type).Replace('/', '.'),
                _ => string.Empty,
            };
        }

        private string TypeReferenceName(TypeReferenceHandle handle)
        {
            var reference = _md.GetTypeReference(handle);
            var ns = _md.GetString(reference.Namespace);
            var name = _md.GetString(reference.Name);
            return ns.Length == 0 ? name : ns + "." + name;
        }

        private void VisitSignature(BlobHandle signature, bool isField)
        {
            var decoder = new SignatureDecoder<object?, object?>(new TypeCollector(this), _md, null);
            var reader = _md.GetBlobReader(signature);
            if (isField)
            {
                decoder.DecodeFieldSignature(ref reader);
            }
            else
            {
                decoder.DecodeMethodSignature(ref reader);
            }
        }

        private void Enqueue(EntityHandle handle)
        {
            if (!handle.IsNil && _seen.Add(handle))
            {
                _pending.Enqueue(handle);
            }
        }

        private void Visit(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeReference:
                    var typeRefHandle = (TypeReferenceHandle)handle;
                    _typeRefs.Add(typeRefHandle);
                    var scope = _md.GetTypeReference(typeRefHandle).ResolutionScope;
                    if (scope.Kind == HandleKind.TypeReference)
                    {
                        Enqueue(scope);
                    }

                    break;
                case HandleKind.TypeSpecification:
                    var specification = _md.GetTypeSpecification((TypeSpecificationHandle)handle);
                    specification.DecodeSignature(new TypeCollector(this), null);
                    break;
                case HandleKind.MemberReference:
                    var member = _md.GetMemberReference((MemberReferenceHandle)handle);
                    Enqueue(member.Parent);
                    VisitSignature(member.Signature, member.GetKind() == MemberReferenceKind.Field);
                    break;
                case HandleKind.MethodSpecification:
                    var methodSpec = _md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Enqueue(methodSpec.Method);
                    methodSpec.DecodeSignature(new TypeCollector(this), null);
                    break;
                case HandleKind.StandaloneSignature:
                    var standalone = _md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (standalone.GetKind() == StandaloneSignatureKind.Method)
                    {
                        VisitSignature(standalone.Signature, isField: false);
                    }

                    break;
            }
        }

        /// <summary>Records every type a signature names; the decoded value itself is not used.</summary>
        private sealed class TypeCollector(Walk walk) : ISignatureTypeProvider<object?, object?>
        {
            public object? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
            {
                walk.Enqueue(handle);
                return null;
            }

            public object? GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
            {
                walk.Enqueue(handle);
                return null;
            }

            public object? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => null;
            public object? GetArrayType(object? elementType, ArrayShape shape) => null;
            public object? GetByReferenceType(object? elementType) => null;
            public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;
            public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;
            public object? GetGenericMethodParameter(object? genericContext, int index) => null;
            public object? GetGenericTypeParameter(object? genericContext, int index) => null;
            public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;
            public object? GetPinnedType(object? elementType) => null;
            public object? GetPointerType(object? elementType) => null;
            public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;
            public object? GetSZArrayType(object? elementType) => null;
        }
    }
}
