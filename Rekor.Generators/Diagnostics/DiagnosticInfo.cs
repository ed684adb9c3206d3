using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Rekor.Generators.Infrastructure;

namespace Rekor.Generators.Diagnostics
{
    /// <summary>
    /// A diagnostic as plain, equatable data (descriptor ID, file, position, message arguments), so it can travel
    /// through cached pipeline stages; Roslyn's <see cref="Diagnostic"/> and <see cref="Location"/> are created
    /// only at the very end.
    /// </summary>
    internal sealed record DiagnosticInfo(
        string DescriptorId,
        string FilePath,
        int StartLine,
        int StartColumn,
        int SpanStart,
        int SpanLength,
        EquatableArray<string> Arguments)
    {
        public static DiagnosticInfo AtFile(DiagnosticDescriptor descriptor, string filePath, int line, int column, params string[] arguments) =>
            new(descriptor.Id, filePath, Math.Max(line, 0), Math.Max(column, 0), 0, 0, arguments.ToEquatableArray());

        public static DiagnosticInfo AtSpan(DiagnosticDescriptor descriptor, string filePath, TextSpan span, LinePosition start, params string[] arguments) =>
            new(descriptor.Id, filePath, start.Line, start.Character, span.Start, span.Length, arguments.ToEquatableArray());

        public Diagnostic ToDiagnostic()
        {
            var descriptor = Lookup(DescriptorId);
            var position = new LinePosition(StartLine, StartColumn);
            var location = Location.Create(FilePath, new TextSpan(SpanStart, SpanLength), new LinePositionSpan(position, position));
            var args = new object[Arguments.Count];
            for (var i = 0; i < args.Length; i++)
            {
                args[i] = Arguments[i];
            }

            return Diagnostic.Create(descriptor, location, args);
        }

        private static DiagnosticDescriptor Lookup(string id) => id switch
        {
            "REKOR001" => DiagnosticDescriptors.MalformedDocument,
            "REKOR002" => DiagnosticDescriptors.UnresolvedReference,
            "REKOR003" => DiagnosticDescriptors.InvalidKeyword,
            "REKOR004" => DiagnosticDescriptors.ImplementationWithoutSchema,
            "REKOR005" => DiagnosticDescriptors.KindWithoutImplementation,
            "REKOR006" => DiagnosticDescriptors.VersionNotDetermined,
            "REKOR007" => DiagnosticDescriptors.DuplicateImplementation,
            "REKOR008" => DiagnosticDescriptors.ImplementationNotPartial,
            "REKOR009" => DiagnosticDescriptors.InvalidVersionRange,
            "REKOR010" => DiagnosticDescriptors.InvalidKindDerivation,
            "REKOR011" => DiagnosticDescriptors.MissingGeneratorDependency,
            "REKOR012" => DiagnosticDescriptors.ModelGenerationFailed,
            _ => throw new ArgumentOutOfRangeException(nameof(id), id, "unknown diagnostic id"),
        };
    }
}
