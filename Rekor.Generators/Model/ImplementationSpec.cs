using Rekor.Generators.Diagnostics;
using Rekor.Generators.Infrastructure;

namespace Rekor.Generators.Model
{
    /// <summary>
    /// A partial class that declares itself the implementation of one kind and version. Holds no position: moving
    /// the class within its file leaves this value, and so the registration step, unchanged.
    /// </summary>
    internal sealed record ImplementationSpec(
        string Namespace,
        string ClassName,
        string Accessibility,
        string Kind,
        string Version,
        string? AcceptedRange,
        bool IsPartialTopLevelClass);

    /// <summary>
    /// What syntax discovery yields for one <c>[EntryType]</c> class: the location-free spec the registration is
    /// built from, and where the class is declared (as plain data, REKOR008 preset), which only the registration
    /// diagnostics pipeline reads.
    /// </summary>
    internal sealed record ImplementationCandidate(ImplementationSpec Spec, DiagnosticInfo Location);

    /// <summary>Implementations matched with the kinds they implement, ready to emit. Diagnostics travel apart
    /// (<see cref="Binding.RegistrationBinder.Diagnose"/>).</summary>
    internal sealed record RegistrationSpec(
        string ModelNamespace,
        EquatableArray<BoundImplementation> Implementations,
        EquatableArray<KindSpec> Kinds);

    internal sealed record BoundImplementation(ImplementationSpec Implementation, string SpecModelClass, string KindClass);
}
