using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NanoDps.BoardAssemblies.Tests;

public sealed partial class SourceAssemblyStrings
{
    /// <summary>Walks every node of one file with its semantic model: names, literals, calls.</summary>
    private sealed partial class SourceWalker : CSharpSyntaxWalker
    {
        private readonly SourceAssemblyStrings _owner;
        private readonly SemanticModel _model;
        private readonly StringTable _table;

        public SourceWalker(SourceAssemblyStrings owner, SemanticModel model)
        {
            _owner = owner;
            _model = model;
            _table = owner.Table;
        }

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
            _owner.AddReferenced(_model.GetDeclaredSymbol(node));
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

        public override void VisitForEachStatement(ForEachStatementSyntax node)
        {
            var info = _model.GetForEachStatementInfo(node);
            _owner.AddReferenced(info.GetEnumeratorMethod);
            _owner.AddReferenced(info.MoveNextMethod);
            _owner.AddReferenced(info.CurrentProperty);
            _owner.AddReferenced(info.DisposeMethod);
            _owner.AddReferenced(info.ElementType);
            _owner.AddCompilerCalls("System", "IDisposable", "Dispose");
            _owner.AddCompilerCalls("System.Collections", "IEnumerator", "MoveNext", "get_Current");
            base.VisitForEachStatement(node);
        }

        public override void VisitUsingStatement(UsingStatementSyntax node)
        {
            _owner.AddCompilerCalls("System", "IDisposable", "Dispose");
            base.VisitUsingStatement(node);
        }

        public override void VisitLockStatement(LockStatementSyntax node)
        {
            _owner.AddCompilerCalls("System.Threading", "Monitor", "Enter", "Exit");
            base.VisitLockStatement(node);
        }

        public override void VisitTypeOfExpression(TypeOfExpressionSyntax node)
        {
            _owner.AddCompilerCalls("System", "Type", "GetTypeFromHandle");
            _owner.AddCompilerCalls("System", "RuntimeTypeHandle");
            if (node.Ancestors().OfType<AttributeArgumentSyntax>().Any() && _model.GetTypeInfo(node.Type).Type is { } type)
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

        public override void VisitInterpolatedStringExpression(InterpolatedStringExpressionSyntax node)
        {
            // C# 9 lowers $"..." to string.Concat of its text parts when every hole is a string without
            // alignment or format, else to string.Format with a composite format: both are counted.
            _owner.AddCompilerCalls("System", "String", "Format", "Concat");
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

        private void VisitExpressionNode(ExpressionSyntax node)
        {
            var constant = _model.GetConstantValue(node);
            if (constant is { HasValue: true, Value: string text } && !IsInsideStringConstant(node))
            {
                _table.Add(text);
            }

            var info = _model.GetSymbolInfo(node);
            _owner.AddReferenced(info.Symbol);
            foreach (var candidate in info.CandidateSymbols)
            {
                _owner.AddReferenced(candidate);
            }

            var type = _model.GetTypeInfo(node);
            _owner.AddType(type.Type);
            _owner.AddType(type.ConvertedType);
            if (node is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.AddAssignmentExpression }
                && type.Type?.SpecialType == SpecialType.System_String)
            {
                _owner.AddCompilerCalls("System", "String", "Concat");
                ExpressionSyntax[] operands = node is BinaryExpressionSyntax binary ? [binary.Left, binary.Right] : [((AssignmentExpressionSyntax)node).Right];
                if (operands.Any(operand => _model.GetTypeInfo(operand).Type?.SpecialType != SpecialType.System_String))
                {
                    // string + object calls the object's ToString before string.Concat (measured).
                    _owner.AddCompilerCalls("System", "Object", "ToString");
                }
            }
        }

        private bool IsInsideStringConstant(ExpressionSyntax node) =>
            node.Parent is ExpressionSyntax parent
            && _model.GetConstantValue(parent) is { HasValue: true, Value: string };

        private void AddIfUnbound(SimpleNameSyntax node, string name)
        {
            var info = _model.GetSymbolInfo(node);
            if (info.Symbol is not null || info.CandidateSymbols.Length > 0
                || _model.GetTypeInfo(node).Type is { } and not IErrorTypeSymbol
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
