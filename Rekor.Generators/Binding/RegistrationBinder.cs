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

        public static RegistrationSpec Bind(GenerationSpec spec, ImmutableArray<ImplementationSpec?> implementations)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var bound = new List<BoundImplementation>();
            var byKey = new Dictionary<string, ImplementationSpec>(StringComparer.Ordinal);
            var ordered = implementations.Where(i => i is not null).Select(i => i!)
                .OrderBy(i => i.Namespace, StringComparer.Ordinal).ThenBy(i => i.ClassName, StringComparer.Ordinal);

            foreach (var impl in ordered)
            {
                var qualified = RegistrationEmitterName(impl);
                if (!impl.IsPartialTopLevelClass)
                {
                    diagnostics.Add(impl.Location);
                    continue;
                }

                if (impl.AcceptedRange is { } range && !Range.IsMatch(range))
                {
                    diagnostics.Add(impl.Location with { DescriptorId = DiagnosticDescriptors.InvalidVersionRange.Id, Arguments = new[] { qualified, range, impl.Version }.ToEquatableArray() });
                    continue;
                }

                var kind = spec.Kinds.FirstOrDefault(k => k.Name == impl.Kind);
                var version = kind?.Versions.FirstOrDefault(v => v.Version == impl.Version);
                if (kind is null || version is null)
                {
                    var known = spec.Kinds.SelectMany(k => k.Versions.Select(v => k.Name + " " + v.Version)).ToList();
                    diagnostics.Add(impl.Location with
                    {
                        DescriptorId = DiagnosticDescriptors.ImplementationWithoutSchema.Id,
                        Arguments = new[] { qualified, impl.Kind, impl.Version, known.Count == 0 ? "(none)" : string.Join(", ", known) }.ToEquatableArray(),
                    });
                    continue;
                }

                var key = impl.Kind + " " + impl.Version;
                if (byKey.TryGetValue(key, out var first))
                {
                    diagnostics.Add(impl.Location with
                    {
                        DescriptorId = DiagnosticDescriptors.DuplicateImplementation.Id,
                        Arguments = new[] { impl.Kind, impl.Version, RegistrationEmitterName(first), qualified }.ToEquatableArray(),
                    });
                    continue;
                }

                byKey[key] = impl;
                bound.Add(new BoundImplementation(impl, "global::" + spec.ModelNamespace + "." + version.ModelClass, "global::" + spec.ModelNamespace + "." + kind.ClassName));
            }

            foreach (var kind in spec.Kinds)
            {
                foreach (var version in kind.Versions.Where(v => !byKey.ContainsKey(kind.Name + " " + v.Version)))
                {
                    diagnostics.Add(DiagnosticInfo.AtFile(DiagnosticDescriptors.KindWithoutImplementation, version.FilePath, 0, 0, kind.Name, version.Version, version.SourcePath));
                }
            }

            return new RegistrationSpec(spec.ModelNamespace, bound.ToEquatableArray(), spec.Kinds, diagnostics.ToEquatableArray());
        }

        private static string RegistrationEmitterName(ImplementationSpec impl) =>
            (impl.Namespace.Length > 0 ? impl.Namespace + "." : string.Empty) + impl.ClassName;
    }
}
