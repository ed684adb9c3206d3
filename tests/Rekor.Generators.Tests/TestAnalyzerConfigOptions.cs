using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Rekor.Generators.Tests;

/// <summary>
/// Supplies the MSBuild properties a real build passes to the generator: RootNamespace, and the
/// <c>RekorSchemaRole=Reference</c> metadata that Rekor.Core's package puts on its own schemas.
/// </summary>
internal sealed class TestAnalyzerConfigOptionsProvider(string rootNamespace, IReadOnlySet<string>? referencePaths = null) : AnalyzerConfigOptionsProvider
{
    private static readonly Options Reference = new(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.RekorSchemaRole"] = "Reference" });

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace });

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        referencePaths is not null && referencePaths.Contains(textFile.Path) ? Reference : Options.Empty;

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new([]);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
