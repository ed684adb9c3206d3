using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Rekor.Generators.Diagnostics;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.Binding
{
    /// <summary>
    /// Matches the partial classes that declare <c>[EntryType(kind, version)]</c> with the kinds bound from the
    /// schemas of the same compilation, and reports every mismatch (REKOR004/005/007/008/009).
    /// </summary>
    internal static class RegistrationBinder
    {
        private static readonly Regex Range = new(@"^\s*((>=|<=|>|<|=)?\s*\d+\.\d+\.\d+\s*)+$", RegexOptions.CultureInvariant);

        /// <summary>The registration to emit. Reads no positions, so moving a class does not re-run it.</summary>
        public static RegistrationSpec Bind(GenerationSpec spec, ImmutableArray<ImplementationSpec?> implementations)
        {
            var bound = new List<BoundImplementation>();
            Match(spec, implementations.Where(i => i is not null).Select(i => (i!, (DiagnosticInfo?)null)), bound, diagnostics: null);
            return new RegistrationSpec(spec.ModelNamespace, bound.ToEquatableArray(), spec.Kinds);
        }

        /// <summary>Every mismatch, at the class or schema file it concerns: the registration diagnostics pipeline.</summary>
        public static EquatableArray<DiagnosticInfo> Diagnose(GenerationSpec spec, ImmutableArray<ImplementationCandidate?> candidates)
        {
            var diagnostics = new List<DiagnosticInfo>();
            Match(spec, candidates.Where(c => c is not null).Select(c => (c!.Spec, (DiagnosticInfo?)c.Location)), new List<BoundImplementation>(), diagnostics);
            return diagnostics.ToEquatableArray();
        }

        // One matching for both pipelines, so the registration and its diagnostics never disagree.
        private static void Match(
            GenerationSpec spec, IEnumerable<(ImplementationSpec Impl, DiagnosticInfo? Location)> implementations, List<BoundImplementation> bound, List<DiagnosticInfo>? diagnostics)
        {
            var byKey = new Dictionary<string, ImplementationSpec>(StringComparer.Ordinal);
            var ordered = implementations
                .OrderBy(i => i.Impl.Namespace, StringComparer.Ordinal).ThenBy(i => i.Impl.ClassName, StringComparer.Ordinal);

            foreach (var (impl, location) in ordered)
            {
                var qualified = RegistrationEmitterName(impl);
                if (!impl.IsPartialTopLevelClass)
                {
                    Add(diagnostics, location);
                    continue;
                }

                if (impl.AcceptedRange is { } range && !Range.IsMatch(range))
                {
                    Add(diagnostics, location, DiagnosticDescriptors.InvalidVersionRange, qualified, range, impl.Version);
                    continue;
                }

                var kind = spec.Kinds.FirstOrDefault(k => k.Name == impl.Kind);
                var version = kind?.Versions.FirstOrDefault(v => v.Version == impl.Version);
                if (kind is null || version is null)
                {
                    var known = spec.Kinds.SelectMany(k => k.Versions.Select(v => k.Name + " " + v.Version)).ToList();
                    Add(diagnostics, location, DiagnosticDescriptors.ImplementationWithoutSchema, qualified, impl.Kind, impl.Version, known.Count == 0 ? "(none)" : string.Join(", ", known));
                    continue;
                }

                var key = impl.Kind + " " + impl.Version;
                if (byKey.TryGetValue(key, out var first))
                {
                    Add(diagnostics, location, DiagnosticDescriptors.DuplicateImplementation, impl.Kind, impl.Version, RegistrationEmitterName(first), qualified);
                    continue;
                }

                byKey[key] = impl;
                bound.Add(new BoundImplementation(impl, "global::" + spec.ModelNamespace + "." + version.ModelClass, "global::" + spec.ModelNamespace + "." + kind.ClassName));
            }

            if (diagnostics is null)
            {
                return;
            }

            foreach (var kind in spec.Kinds)
            {
                foreach (var version in kind.Versions.Where(v => !byKey.ContainsKey(kind.Name + " " + v.Version)))
                {
                    diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.KindWithoutImplementation, version.FilePath, 0, 0, kind.Name, version.Version, version.SourcePath));
                }
            }
        }

        // The class's location comes preset as REKOR008 (not partial); other findings reuse its position.
        private static void Add(List<DiagnosticInfo>? diagnostics, DiagnosticInfo? location, Microsoft.CodeAnalysis.DiagnosticDescriptor? descriptor = null, params string[] arguments)
        {
            if (diagnostics is null || location is null)
            {
                return;
            }

            diagnostics.Add(descriptor is null ? location : location with { DescriptorId = descriptor.Id, Arguments = arguments.ToEquatableArray() });
        }

        private static string RegistrationEmitterName(ImplementationSpec impl) =>
            (impl.Namespace.Length > 0 ? impl.Namespace + "." : string.Empty) + impl.ClassName;
    }
}
