using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AdaptiveEtl.Kit.Scripting.Execution;

/// <summary>
/// Rewrites a cell's syntax tree so that the top of every loop body (<c>for</c>, <c>foreach</c>, <c>while</c>, <c>do</c>) and of
/// every method, local function, lambda and anonymous method block calls <see cref="ScriptCancellation.ThrowIfCancellationRequested"/>
/// (which also guards the stack). Expression-bodied methods and local functions (<c>int F(int n) =&gt; F(n + 1);</c>) become
/// blocks so that they are checked too.
/// The check is inserted on the same line as the block's opening brace, so line numbers of diagnostics and stack traces are
/// unchanged.
/// </summary>
internal sealed class CancellationInjector : CSharpSyntaxRewriter
{
    private static readonly StatementSyntax Check = SyntaxFactory.ParseStatement(
        "global::AdaptiveEtl.Kit.Scripting.Execution.ScriptCancellation.ThrowIfCancellationRequested();");

    /// <summary>Returns the instrumented tree.</summary>
    public static SyntaxNode Instrument(SyntaxNode root) => new CancellationInjector().Visit(root);

    private static StatementSyntax Guard(StatementSyntax body)
    {
        if (body is BlockSyntax block) return block.WithStatements(block.Statements.Insert(0, Check));
        // `while (x) stmt;` → `while (x) {check; stmt}`: the new braces carry no trivia, the statement keeps its own.
        return SyntaxFactory.Block(Check, body);
    }

    private static BlockSyntax Guard(BlockSyntax block) => block.WithStatements(block.Statements.Insert(0, Check));

    public override SyntaxNode? VisitWhileStatement(WhileStatementSyntax node)
    {
        var n = (WhileStatementSyntax)base.VisitWhileStatement(node)!;
        return n.WithStatement(Guard(n.Statement));
    }

    public override SyntaxNode? VisitDoStatement(DoStatementSyntax node)
    {
        var n = (DoStatementSyntax)base.VisitDoStatement(node)!;
        return n.WithStatement(Guard(n.Statement));
    }

    public override SyntaxNode? VisitForStatement(ForStatementSyntax node)
    {
        var n = (ForStatementSyntax)base.VisitForStatement(node)!;
        return n.WithStatement(Guard(n.Statement));
    }

    public override SyntaxNode? VisitForEachStatement(ForEachStatementSyntax node)
    {
        var n = (ForEachStatementSyntax)base.VisitForEachStatement(node)!;
        return n.WithStatement(Guard(n.Statement));
    }

    public override SyntaxNode? VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
    {
        var n = (ForEachVariableStatementSyntax)base.VisitForEachVariableStatement(node)!;
        return n.WithStatement(Guard(n.Statement));
    }

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
    {
        var n = (LocalFunctionStatementSyntax)base.VisitLocalFunctionStatement(node)!;
        if (n.Body is not null) return n.WithBody(Guard(n.Body));
        if (n.ExpressionBody is null) return n;
        return n.WithExpressionBody(null).WithSemicolonToken(default)
            .WithBody(GuardedBlock(n.ExpressionBody, ReturnsNothing(n.ReturnType, n.Modifiers), n.SemicolonToken));
    }

    /// <summary><c>=&gt; expr;</c> as <c>{ check; return expr; }</c> (or <c>{ check; expr; }</c> for void and non-generic async Task).</summary>
    private static BlockSyntax GuardedBlock(ArrowExpressionClauseSyntax arrow, bool returnsNothing, SyntaxToken semicolon)
    {
        var expression = arrow.Expression.WithoutTrivia();
        StatementSyntax statement = returnsNothing
            ? SyntaxFactory.ExpressionStatement(expression)
            : SyntaxFactory.ReturnStatement(SyntaxFactory.Token(SyntaxKind.ReturnKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                expression, SyntaxFactory.Token(SyntaxKind.SemicolonToken));
        // keep the original line layout: the block stands where the arrow was, its trivia moves to the braces
        return SyntaxFactory.Block(Check, statement)
            .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(arrow.GetLeadingTrivia()))
            .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(semicolon.TrailingTrivia));
    }

    private static bool ReturnsNothing(TypeSyntax returnType, SyntaxTokenList modifiers)
    {
        if (returnType is PredefinedTypeSyntax p && p.Keyword.IsKind(SyntaxKind.VoidKeyword)) return true;
        var isAsync = modifiers.Any(m => m.IsKind(SyntaxKind.AsyncKeyword));
        var name = returnType switch
        {
            IdentifierNameSyntax i => i.Identifier.ValueText,
            QualifiedNameSyntax { Right: IdentifierNameSyntax r } => r.Identifier.ValueText,
            _ => null,
        };
        return isAsync && name is "Task" or "ValueTask";
    }

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
    {
        var n = (ParenthesizedLambdaExpressionSyntax)base.VisitParenthesizedLambdaExpression(node)!;
        return n.Block is null ? n : n.WithBlock(Guard(n.Block));
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
    {
        var n = (SimpleLambdaExpressionSyntax)base.VisitSimpleLambdaExpression(node)!;
        return n.Block is null ? n : n.WithBlock(Guard(n.Block));
    }

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
    {
        var n = (AnonymousMethodExpressionSyntax)base.VisitAnonymousMethodExpression(node)!;
        return n.WithBlock(Guard(n.Block));
    }

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
    {
        // methods declared in a cell (script-level or in cell classes) may recurse or loop forever as well
        var n = (MethodDeclarationSyntax)base.VisitMethodDeclaration(node)!;
        if (n.Body is not null) return n.WithBody(Guard(n.Body));
        if (n.ExpressionBody is null) return n;
        return n.WithExpressionBody(null).WithSemicolonToken(default)
            .WithBody(GuardedBlock(n.ExpressionBody, ReturnsNothing(n.ReturnType, n.Modifiers), n.SemicolonToken));
    }
}
