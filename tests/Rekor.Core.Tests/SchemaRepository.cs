using System.Text.Json;
using NJsonSchema;
using Rekor.Core.Schemas;
using Rekor.Core.Types;

namespace Rekor.Core.Tests;

/// <summary>
/// The version schemas of the repository (<c>schemas/&lt;kind&gt;/v&lt;X.Y.Z&gt;/&lt;kind&gt;_v&lt;X&gt;_&lt;Y&gt;_&lt;Z&gt;_schema.json</c>),
/// found on disk rather than listed by hand, so that a new schema is tested without touching the tests.
/// </summary>
internal static class SchemaRepository
{
    private static readonly Lazy<string> SchemasFolder = new(FindSchemasDirectory);

    /// <summary>The repository's <c>schemas/</c> folder: the first folder above the test binaries that holds <c>schemas/openapi.yaml</c>.</summary>
    public static string SchemasDirectory => SchemasFolder.Value;

    /// <summary>Every version schema on disk, ordered by kind then version.</summary>
    public static IReadOnlyList<VersionSchema> All()
    {
        var found = new List<VersionSchema>();
        foreach (var kindDirectory in Directory.EnumerateDirectories(SchemasDirectory))
        {
            var kind = Path.GetFileName(kindDirectory);
            foreach (var versionDirectory in Directory.EnumerateDirectories(kindDirectory, "v*"))
            {
                var version = Path.GetFileName(versionDirectory)[1..];
                var file = Path.Combine(versionDirectory, $"{kind}_v{version.Replace('.', '_')}_schema.json");
                if (File.Exists(file))
                {
                    found.Add(new VersionSchema(kind, version, file));
                }
            }
        }

        return [.. found.OrderBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Version, StringComparer.Ordinal)];
    }

    public static VersionSchema Find(string kind, string version) =>
        All().SingleOrDefault(s => s.Kind == kind && s.Version == version)
        ?? throw new InvalidOperationException($"no schema file for {kind} {version} under {SchemasDirectory}");

    /// <summary>Every kind and version, as theory data.</summary>
    public static TheoryData<string, string> KindVersions()
    {
        var data = new TheoryData<string, string>();
        foreach (var schema in All())
        {
            data.Add(schema.Kind, schema.Version);
        }

        return data;
    }

    private static string FindSchemasDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "schemas");
            if (File.Exists(Path.Combine(candidate, "openapi.yaml")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no folder holding schemas/openapi.yaml above {AppContext.BaseDirectory}");
    }
}

/// <summary>One version schema file, with both validators of it: the generated one and NJsonSchema's.</summary>
internal sealed record VersionSchema(string Kind, string Version, string FilePath)
{
    public override string ToString() => $"{Kind} {Version}";

    /// <summary>The schema file as JSON, for the document generator and the mutations to walk.</summary>
    public JsonElement ReadJson()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FilePath));
        return document.RootElement.Clone();
    }

    /// <summary>The independent validator: NJsonSchema reading the very same file.</summary>
    public Task<JsonSchema> LoadNJsonSchemaAsync() => JsonSchema.FromFileAsync(FilePath);

    /// <summary>The validator generated into Rekor.Core, as the type map exposes it (null when the generator skipped this schema).</summary>
    public Func<JsonElement, IReadOnlyList<SchemaViolation>>? FindGeneratedValidator() =>
        TypeMap.FindKind(Kind)?.FindVersion(Version)?.Validate;
}
