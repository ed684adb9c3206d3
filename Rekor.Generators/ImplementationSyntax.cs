using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rekor.Generators.Diagnostics;
using Rekor.Generators.Model;

namespace Rekor.Generators
{
    /// <summary>
    /// All syntax discovery in one place: classes marked <c>[EntryType(kind, version)]</c>. Reduces each to an
    /// equatable <see cref="ImplementationCandidate"/> immediately, so no symbol or syntax node outlives this step.
    /// </summary>
    internal static class ImplementationSyntax
    {
        public const string AttributeName = "Rekor.Core.Types.EntryTypeAttribute";

        public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) => node is ClassDeclarationSyntax;

        public static ImplementationCandidate? Describe(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0)
            {
                return null;
            }

            var attribute = context.Attributes[0];
            if (attribute.ConstructorArguments.Length != 2
                || attribute.ConstructorArguments[0].Value is not string kind
                || attribute.ConstructorArguments[1].Value is not string version)
            {
                return null;
            }

            var range = attribute.NamedArguments.FirstOrDefault(a => a.Key == "ApiVersions").Value.Value as string;
            var declaration = (ClassDeclarationSyntax)context.TargetNode;
            var isPartial = declaration.Modifiers.Any(SyntaxKind.PartialKeyword) && type.ContainingType is null && !type.IsGenericType;
            var location = declaration.Identifier.GetLocation();
            var span = location.GetLineSpan();
            var spec = new ImplementationSpec(
                type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                type.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
                kind,
                version,
                range,
                isPartial);
            return new ImplementationCandidate(
                spec,
                DiagnosticInfo.AtSpan(DiagnosticDescriptors.ImplementationNotPartial, span.Path, location.SourceSpan, span.StartLinePosition, type.ToDisplayString()));
        }
    }
}
