using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NanoDps.BoardAssemblies.Tests;

public sealed partial class SourceAssemblyStrings
{
    /// <summary>What the compiler adds to what the source says: caller arguments, array data, string switches, closures.</summary>
    private sealed partial class SourceWalker
    {
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

            var info = _model.GetSymbolInfo(call);
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
                            _table.Add(_model.GetEnclosingSymbol(call.SpanStart)?.Name);
                            break;
                        case "CallerFilePathAttribute":
                            _table.Add(call.SyntaxTree.FilePath);
                            _table.AddUncertain(new string('x', 260));
                            break;
                    }
                }
            }
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
                _owner.AddCompilerCalls("System.Runtime.CompilerServices", "RuntimeHelpers", "InitializeArray");
                _owner.AddCompilerCalls("System", "RuntimeFieldHandle", "Array", "ValueType");
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
            if (_model.GetTypeInfo(governing).Type?.SpecialType == SpecialType.System_String)
            {
                // Compared with op_Equality, or hashed by <PrivateImplementationDetails>.ComputeStringHash.
                _owner.AddCompilerCalls("System", "String", "op_Equality", "get_Length", "get_Chars");
                _table.Add("<PrivateImplementationDetails>");
                _table.Add("ComputeStringHash");
            }
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
            var container = _model.GetEnclosingSymbol(node.SpanStart);
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
                AnonymousFunctionExpressionSyntax lambda => _model.AnalyzeDataFlow(lambda),
                LocalFunctionStatementSyntax local when local.Body is not null => _model.AnalyzeDataFlow(local.Body),
                LocalFunctionStatementSyntax local when local.ExpressionBody is not null => _model.AnalyzeDataFlow(local.ExpressionBody.Expression),
                _ => null,
            };
            foreach (var captured in flow?.Succeeded == true ? flow.Captured : [])
            {
                _table.Add(captured.Name);
            }

            _owner.AddCompilerCalls("System", "Object", ".ctor");
        }

        private static int Digits(int bound) => bound.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
    }
}
