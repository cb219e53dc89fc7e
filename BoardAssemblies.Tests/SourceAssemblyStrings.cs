using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NanoDps.BoardAssemblies.Tests;

/// <summary>
/// A safe over-estimate of an assembly's string table from its sources, for the assemblies that need
/// nanoFramework packages CI cannot restore (so the compiler reports errors and emits nothing). It counts
/// what <see cref="CompiledAssemblyStrings"/> reads from a compiled assembly, taken from the semantic model:
/// <list type="bullet">
/// <item>every declared type (name, namespace) and its members with the names the compiler emits
/// (get_/set_/add_/remove_ accessors, .ctor, .cctor, explicit implementations "Ns.IFace.M", auto-property
/// backing fields &lt;P&gt;k__BackingField, enum value__), constants left out;</item>
/// <item>for every referenced symbol of another assembly that binds: its metadata name, its type's name and
/// namespace, the types of its signature, its assembly; for the members the compiler calls without naming
/// them (foreach, using, lock, string +, $"", typeof, array initializers, events) their names;</item>
/// <item>for every name that does not bind (its package is missing): the identifier as written, as a type
/// (also with "Attribute"), as a member, and as get_/set_ accessor; every namespace a using directive names;
/// every assembly the project references;</item>
/// <item>every maximal constant string expression (literals, constant concatenations, nameof, constants of
/// other assemblies), and for $"..." both its composite format and its text parts;</item>
/// <item>compiler-generated names whose spelling holds ordinals or hashes (lambdas, closures, local
/// functions, array-initializer data), at their longest and never deduplicated.</item>
/// </list>
/// Known gap: a type of a missing package that the sources never name, only reached as the return type of
/// a call that does not bind, is not seen. nanoCLR's built-in strings, counted here but not in a .pe, are
/// the margin for it (<see cref="StringTable"/>).
/// </summary>
public sealed partial class SourceAssemblyStrings
{
    private readonly CSharpCompilation _compilation;
    private readonly IReadOnlyCollection<string> _referencedAssemblies;

    private SourceAssemblyStrings(CSharpCompilation compilation, IReadOnlyCollection<string> referencedAssemblies)
    {
        _compilation = compilation;
        _referencedAssemblies = referencedAssemblies;
    }

    public StringTable Table { get; } = new();

    public static StringTable Estimate(CSharpCompilation compilation, IReadOnlyCollection<string> referencedAssemblies)
    {
        var estimate = new SourceAssemblyStrings(compilation, referencedAssemblies);
        estimate.Run();
        return estimate.Table;
    }

    private void Run()
    {
        Table.Add(_compilation.AssemblyName);
        Table.Add("mscorlib");
        foreach (var name in _referencedAssemblies)
        {
            Table.Add(name);
        }

        AddDeclaredTypes(_compilation.Assembly.GlobalNamespace);
        foreach (var tree in _compilation.SyntaxTrees)
        {
            new SourceWalker(this, _compilation.GetSemanticModel(tree)).Visit(tree.GetRoot());
        }
    }

    private bool IsOwn(ISymbol symbol) =>
        SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _compilation.Assembly);

    private void AddDeclaredTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                AddDeclaredTypes(ns);
            }
            else if (member is INamedTypeSymbol type && !MdpRules.ExcludedTypes.Contains(type.Name)
                && !MdpRules.ExcludedTypes.Contains(type.ToDisplayString()))
            {
                AddDeclaredType(type);
                AddDeclaredTypes(type);
            }
        }
    }

    private void AddDeclaredType(INamedTypeSymbol type)
    {
        Table.Add(type.MetadataName);
        Table.Add(type.ContainingType is null ? NamespaceName(type.ContainingNamespace) : string.Empty);
        Table.Add(".cctor");
        AddType(type.BaseType);
        foreach (var implemented in type.Interfaces)
        {
            AddType(implemented);
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            Table.Add("value__");
        }

        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case IMethodSymbol method:
                    Table.Add(method.MetadataName);
                    AddSignature(method);
                    break;
                case IFieldSymbol { IsConst: false } field:
                    Table.Add(field.MetadataName);
                    AddType(field.Type);
                    break;
                case IPropertySymbol property:
                    Table.Add(property.GetMethod?.MetadataName);
                    Table.Add(property.SetMethod?.MetadataName);
                    Table.Add($"<{property.MetadataName}>k__BackingField");
                    AddType(property.Type);
                    break;
                case IEventSymbol @event:
                    Table.Add(@event.MetadataName);
                    Table.Add(@event.AddMethod?.MetadataName);
                    Table.Add(@event.RemoveMethod?.MetadataName);
                    AddType(@event.Type);
                    AddCompilerCalls("System", "Delegate", "Combine", "Remove");
                    AddCompilerCalls("System.Threading", "Interlocked", "CompareExchange");
                    break;
            }
        }
    }

    private void AddSignature(IMethodSymbol method)
    {
        AddType(method.ReturnType);
        foreach (var parameter in method.Parameters)
        {
            AddType(parameter.Type);
        }
    }

    /// <summary>A member the compiler calls on a type of mscorlib without the source naming it.</summary>
    private void AddCompilerCalls(string ns, string type, params string[] members)
    {
        Table.Add(ns);
        Table.Add(type);
        foreach (var member in members)
        {
            Table.Add(member);
        }
    }

    private static string NamespaceName(INamespaceSymbol? ns) =>
        ns is null || ns.IsGlobalNamespace ? string.Empty : ns.ToDisplayString();

    private void AddType(ITypeSymbol? type)
    {
        switch (type)
        {
            case null or { SpecialType: SpecialType.System_Void }:
                return;
            case IArrayTypeSymbol array:
                AddType(array.ElementType);
                return;
            case IPointerTypeSymbol pointer:
                AddType(pointer.PointedAtType);
                return;
            case IErrorTypeSymbol error:
                AddUnresolvedType(error.Name);
                foreach (var candidate in error.CandidateSymbols)
                {
                    AddReferenced(candidate);
                }

                return;
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    AddType(argument);
                }

                if (IsOwn(named) || named.TypeKind == TypeKind.TypeParameter)
                {
                    return;
                }

                Table.Add(named.MetadataName);
                if (named.ContainingType is null)
                {
                    Table.Add(NamespaceName(named.ContainingNamespace));
                }
                else
                {
                    AddType(named.ContainingType);
                }

                Table.Add(named.ContainingAssembly?.Name);
                return;
        }
    }

    private void AddUnresolvedType(string name)
    {
        if (name.Length > 0)
        {
            Table.Add(name);
        }
    }

    private void AddReferenced(ISymbol? symbol)
    {
        switch (symbol)
        {
            case null or INamespaceSymbol or ILabelSymbol or IDiscardSymbol or IPreprocessingSymbol:
                return;
            case ITypeSymbol type:
                AddType(type);
                return;
            case IAliasSymbol alias:
                AddReferenced(alias.Target);
                return;
            case ILocalSymbol local:
                AddType(local.Type);
                return;
            case IParameterSymbol parameter:
                AddType(parameter.Type);
                return;
            case IRangeVariableSymbol:
                return;
        }

        if (IsOwn(symbol))
        {
            return;
        }

        AddType(symbol.ContainingType);
        switch (symbol)
        {
            case IMethodSymbol method:
                var definition = (method.ReducedFrom ?? method).OriginalDefinition;
                if (definition.MethodKind == MethodKind.BuiltinOperator)
                {
                    if (definition.ContainingType?.SpecialType == SpecialType.System_String)
                    {
                        AddCompilerCalls("System", "String", "Concat");
                    }

                    return;
                }

                Table.Add(definition.MetadataName);
                AddSignature(definition);
                for (var overridden = definition.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    AddReferenced(overridden);
                }

                break;
            case IPropertySymbol property:
                Table.Add(property.GetMethod?.MetadataName);
                Table.Add(property.SetMethod?.MetadataName);
                AddType(property.Type);
                foreach (var parameter in property.Parameters)
                {
                    AddType(parameter.Type);
                }

                break;
            case IFieldSymbol field:
                if (!field.IsConst)
                {
                    Table.Add(field.MetadataName);
                }

                AddType(field.Type);
                break;
            case IEventSymbol @event:
                Table.Add(@event.AddMethod?.MetadataName);
                Table.Add(@event.RemoveMethod?.MetadataName);
                AddType(@event.Type);
                break;
        }
    }
}
