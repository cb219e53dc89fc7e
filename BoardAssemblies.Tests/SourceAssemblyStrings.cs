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
public sealed class SourceAssemblyStrings
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

    /// <summary>Walks every node of one file with its semantic model.</summary>
    private sealed class SourceWalker(SourceAssemblyStrings owner, SemanticModel model) : CSharpSyntaxWalker
    {
        private readonly StringTable _table = owner.Table;

        public override void Visit(SyntaxNode? node)
        {
            if (node is ExpressionSyntax expression)
            {
                VisitExpressionNode(expression);
            }

            base.Visit(node);
        }

        public override void VisitUsingDirective(UsingDirectiveSyntax node)
        {
            _table.Add(node.Name?.ToString().Replace(" ", string.Empty));
            base.VisitUsingDirective(node);
        }

        public override void VisitIdentifierName(IdentifierNameSyntax node)
        {
            AddIfUnbound(node, node.Identifier.ValueText);
            base.VisitIdentifierName(node);
        }

        public override void VisitGenericName(GenericNameSyntax node)
        {
            AddIfUnbound(node, node.Identifier.ValueText + "`" + node.Arity);
            AddIfUnbound(node, node.Identifier.ValueText);
            base.VisitGenericName(node);
        }

        public override void VisitVariableDeclarator(VariableDeclaratorSyntax node)
        {
            owner.AddReferenced(model.GetDeclaredSymbol(node));
            base.VisitVariableDeclarator(node);
        }

        public override void VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            AddCallerArguments(node, node.ArgumentList);
            base.VisitInvocationExpression(node);
        }

        public override void VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
        {
            AddCallerArguments(node, node.ArgumentList);
            base.VisitObjectCreationExpression(node);
        }

        /// <summary>
        /// A parameter marked [CallerArgumentExpression] that the call leaves out receives the source text of
        /// another argument as a literal (mscorlib 1.17.11 has the attribute, and C# 9 honours it: measured);
        /// nanoFramework.TestFramework's Assert methods all have one. [CallerMemberName] passes the member's
        /// name, [CallerFilePath] the file's path. When the call does not bind (its package is missing), the
        /// text of every argument is counted.
        /// </summary>
        private void AddCallerArguments(ExpressionSyntax call, ArgumentListSyntax? arguments)
        {
            if (arguments is null)
            {
                return;
            }

            var info = model.GetSymbolInfo(call);
            var methods = (info.Symbol is null ? info.CandidateSymbols : [info.Symbol]).OfType<IMethodSymbol>().ToList();
            if (methods.Count == 0)
            {
                var known = call is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                    ? KnownPackageSignatures.CallerArgument(access.Expression.ToString(), access.Name.Identifier.ValueText, arguments.Arguments.Count)
                    : null;
                for (var index = 0; index < arguments.Arguments.Count; index++)
                {
                    if (known is null || known == index)
                    {
                        _table.Add(arguments.Arguments[index].Expression.ToString());
                    }
                }

                return;
            }

            foreach (var parameter in methods.SelectMany(method => method.Parameters))
            {
                foreach (var attribute in parameter.GetAttributes())
                {
                    switch (attribute.AttributeClass?.Name)
                    {
                        case "CallerArgumentExpressionAttribute":
                            foreach (var argument in arguments.Arguments)
                            {
                                _table.Add(argument.Expression.ToString());
                            }

                            break;
                        case "CallerMemberNameAttribute":
                            _table.Add(model.GetEnclosingSymbol(call.SpanStart)?.Name);
                            break;
                        case "CallerFilePathAttribute":
                            _table.Add(call.SyntaxTree.FilePath);
                            _table.AddUncertain(new string('x', 260));
                            break;
                    }
                }
            }
        }

        public override void VisitForEachStatement(ForEachStatementSyntax node)
        {
            var info = model.GetForEachStatementInfo(node);
            owner.AddReferenced(info.GetEnumeratorMethod);
            owner.AddReferenced(info.MoveNextMethod);
            owner.AddReferenced(info.CurrentProperty);
            owner.AddReferenced(info.DisposeMethod);
            owner.AddReferenced(info.ElementType);
            owner.AddCompilerCalls("System", "IDisposable", "Dispose");
            owner.AddCompilerCalls("System.Collections", "IEnumerator", "MoveNext", "get_Current");
            base.VisitForEachStatement(node);
        }

        public override void VisitUsingStatement(UsingStatementSyntax node)
        {
            owner.AddCompilerCalls("System", "IDisposable", "Dispose");
            base.VisitUsingStatement(node);
        }

        public override void VisitLockStatement(LockStatementSyntax node)
        {
            owner.AddCompilerCalls("System.Threading", "Monitor", "Enter", "Exit");
            base.VisitLockStatement(node);
        }

        public override void VisitTypeOfExpression(TypeOfExpressionSyntax node)
        {
            owner.AddCompilerCalls("System", "Type", "GetTypeFromHandle");
            owner.AddCompilerCalls("System", "RuntimeTypeHandle");
            if (node.Ancestors().OfType<AttributeArgumentSyntax>().Any() && model.GetTypeInfo(node.Type).Type is { } type)
            {
                // An attribute's typeof argument is written as its full name (nanoSignaturesTable.cs:717-721).
                _table.Add(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty));
            }

            base.VisitTypeOfExpression(node);
        }

        public override void VisitAttribute(AttributeSyntax node)
        {
            _table.Add(".ctor");
            foreach (var argument in node.ArgumentList?.Arguments ?? [])
            {
                _table.Add(argument.NameEquals?.Name.Identifier.ValueText);
            }

            base.VisitAttribute(node);
        }

        public override void VisitInitializerExpression(InitializerExpressionSyntax node)
        {
            if (node.IsKind(SyntaxKind.ArrayInitializerExpression) && node.Expressions.Count > 0)
            {
                // Constant data goes to <PrivateImplementationDetails>: a field named by the data's SHA-256
                // (64 hex digits) of a type __StaticArrayInitTypeSize=N, copied by InitializeArray.
                _table.Add("<PrivateImplementationDetails>");
                _table.AddUncertain(new string('0', 64) + "_A00");
                _table.AddUncertain("__StaticArrayInitTypeSize=" + new string('0', 10));
                owner.AddCompilerCalls("System.Runtime.CompilerServices", "RuntimeHelpers", "InitializeArray");
                owner.AddCompilerCalls("System", "RuntimeFieldHandle", "Array", "ValueType");
            }

            base.VisitInitializerExpression(node);
        }

        public override void VisitSwitchStatement(SwitchStatementSyntax node)
        {
            AddStringSwitch(node.Expression);
            base.VisitSwitchStatement(node);
        }

        public override void VisitSwitchExpression(SwitchExpressionSyntax node)
        {
            AddStringSwitch(node.GoverningExpression);
            base.VisitSwitchExpression(node);
        }

        private void AddStringSwitch(ExpressionSyntax governing)
        {
            if (model.GetTypeInfo(governing).Type?.SpecialType == SpecialType.System_String)
            {
                // Compared with op_Equality, or hashed by <PrivateImplementationDetails>.ComputeStringHash.
                owner.AddCompilerCalls("System", "String", "op_Equality", "get_Length", "get_Chars");
                _table.Add("<PrivateImplementationDetails>");
                _table.Add("ComputeStringHash");
            }
        }

        public override void VisitInterpolatedStringExpression(InterpolatedStringExpressionSyntax node)
        {
            // C# 9 lowers $"..." to string.Concat of its text parts when every hole is a string without
            // alignment or format, else to string.Format with a composite format: both are counted.
            owner.AddCompilerCalls("System", "String", "Format", "Concat");
            var format = new System.Text.StringBuilder();
            var hole = 0;
            foreach (var content in node.Contents)
            {
                if (content is InterpolatedStringTextSyntax text)
                {
                    // The token's text keeps the braces doubled ({{ for {); string.Concat gets them single.
                    var value = text.TextToken.ValueText.Replace("{{", "{").Replace("}}", "}");
                    _table.Add(value);
                    format.Append(value.Replace("{", "{{").Replace("}", "}}"));
                }
                else if (content is InterpolationSyntax interpolation)
                {
                    format.Append('{').Append(hole++);
                    if (interpolation.AlignmentClause is { } alignment)
                    {
                        format.Append(',').Append(alignment.Value.ToString());
                    }

                    if (interpolation.FormatClause is { } formatClause)
                    {
                        format.Append(':').Append(formatClause.FormatStringToken.ValueText);
                    }

                    format.Append('}');
                }
            }

            _table.Add(format.ToString());
            base.VisitInterpolatedStringExpression(node);
        }

        public override void VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
        {
            AddClosure(node, "b__");
            base.VisitSimpleLambdaExpression(node);
        }

        public override void VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
        {
            AddClosure(node, "b__");
            base.VisitParenthesizedLambdaExpression(node);
        }

        public override void VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
        {
            AddClosure(node, "b__");
            base.VisitAnonymousMethodExpression(node);
        }

        public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
        {
            AddClosure(node, "g__" + node.Identifier.ValueText + "|");
            base.VisitLocalFunctionStatement(node);
        }

        /// <summary>
        /// A lambda or local function becomes a method &lt;M&gt;b__N_K of the type &lt;&gt;c (with its cache
        /// field &lt;&gt;9__N_K) or of a display class &lt;&gt;c__DisplayClassN_S holding the captured variables;
        /// N, K and S are ordinals, counted here with as many digits as they could have.
        /// </summary>
        private void AddClosure(SyntaxNode node, string kind)
        {
            var container = model.GetEnclosingSymbol(node.SpanStart);
            while (container is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
            {
                container = container.ContainingSymbol;
            }

            var member = container switch
            {
                IMethodSymbol method => method.MetadataName,
                IFieldSymbol { IsStatic: true } => ".cctor",
                _ => ".ctor",
            };
            var type = container?.ContainingType;
            var digits = Digits((type?.GetMembers().Length ?? 0) + 1) + Digits(node.SyntaxTree.Length);
            var ordinals = new string('0', digits) + "_";
            _table.Add("<>c");
            _table.Add("<>9");
            _table.Add("<>4__this");
            _table.Add(".ctor");
            _table.AddUncertain($"<{member}>{kind}{ordinals}");
            _table.AddUncertain($"<>9__{ordinals}");
            _table.AddUncertain($"<>c__DisplayClass{ordinals}");
            _table.AddUncertain($"CS$<>8__locals{ordinals}");
            var flow = node switch
            {
                AnonymousFunctionExpressionSyntax lambda => model.AnalyzeDataFlow(lambda),
                LocalFunctionStatementSyntax local when local.Body is not null => model.AnalyzeDataFlow(local.Body),
                LocalFunctionStatementSyntax local when local.ExpressionBody is not null => model.AnalyzeDataFlow(local.ExpressionBody.Expression),
                _ => null,
            };
            foreach (var captured in flow?.Succeeded == true ? flow.Captured : [])
            {
                _table.Add(captured.Name);
            }

            owner.AddCompilerCalls("System", "Object", ".ctor");
        }

        private static int Digits(int bound) => bound.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;

        private void VisitExpressionNode(ExpressionSyntax node)
        {
            var constant = model.GetConstantValue(node);
            if (constant is { HasValue: true, Value: string text } && !IsInsideStringConstant(node))
            {
                _table.Add(text);
            }

            var info = model.GetSymbolInfo(node);
            owner.AddReferenced(info.Symbol);
            foreach (var candidate in info.CandidateSymbols)
            {
                owner.AddReferenced(candidate);
            }

            var type = model.GetTypeInfo(node);
            owner.AddType(type.Type);
            owner.AddType(type.ConvertedType);
            if (node is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression }
                && type.Type?.SpecialType == SpecialType.System_String)
            {
                owner.AddCompilerCalls("System", "String", "Concat");
                ExpressionSyntax[] operands = node is BinaryExpressionSyntax binary ? [binary.Left, binary.Right] : [((AssignmentExpressionSyntax)node).Right];
                if (operands.Any(operand => model.GetTypeInfo(operand).Type?.SpecialType != SpecialType.System_String))
                {
                    // string + object calls the object's ToString before string.Concat (measured).
                    owner.AddCompilerCalls("System", "Object", "ToString");
                }
            }
        }

        private bool IsInsideStringConstant(ExpressionSyntax node) =>
            node.Parent is ExpressionSyntax parent
            && model.GetConstantValue(parent) is { HasValue: true, Value: string };

        private void AddIfUnbound(SimpleNameSyntax node, string name)
        {
            var info = model.GetSymbolInfo(node);
            if (info.Symbol is not null || info.CandidateSymbols.Length > 0
                || model.GetTypeInfo(node).Type is { } and not IErrorTypeSymbol
                || node.Ancestors().Any(ancestor => ancestor is UsingDirectiveSyntax or BaseNamespaceDeclarationSyntax))
            {
                return;
            }

            // Its package is missing: the name is a type, a field, a method, or a property or event whose
            // accessor the call site names, as its place in the code tells.
            _table.Add(name);
            if (node.Ancestors().OfType<AttributeSyntax>().FirstOrDefault() is { } attribute && attribute.Name.Span.Contains(node.Span))
            {
                _table.Add(name + "Attribute");
                return;
            }

            ExpressionSyntax access = node.Parent is MemberAccessExpressionSyntax member && member.Name == node ? member : node;
            if (access.Parent is InvocationExpressionSyntax invocation && invocation.Expression == access)
            {
                return;
            }

            if (access.Parent is AssignmentExpressionSyntax assignment && assignment.Left == access)
            {
                _table.Add("set_" + name);
                if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
                {
                    _table.Add("get_" + name);
                    _table.Add("add_" + name);
                    _table.Add("remove_" + name);
                }

                return;
            }

            var isQualifier = access == node && access.Parent is MemberAccessExpressionSyntax or QualifiedNameSyntax;
            if (!isQualifier && !SyntaxFacts.IsInTypeOnlyContext(node))
            {
                _table.Add("get_" + name);
            }
        }
    }
}
