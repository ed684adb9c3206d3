using Rekor.Generators.Diagnostics;
using Rekor.Generators.Infrastructure;

namespace Rekor.Generators.Model
{
    /// <summary>A partial class that declares itself the implementation of one kind and version.</summary>
    internal sealed record ImplementationSpec(
        string Namespace,
        string ClassName,
        string Accessibility,
        string Kind,
        string Version,
        string? AcceptedRange,
        bool IsPartialTopLevelClass,
        DiagnosticInfo Location);

    /// <summary>Implementations matched with the kinds they implement, ready to emit.</summary>
    internal sealed record RegistrationSpec(
        string ModelNamespace,
        EquatableArray<BoundImplementation> Implementations,
        EquatableArray<KindSpec> Kinds,
        EquatableArray<DiagnosticInfo> Diagnostics);

    internal sealed record BoundImplementation(ImplementationSpec Implementation, string SpecModelClass, string KindClass);
}
