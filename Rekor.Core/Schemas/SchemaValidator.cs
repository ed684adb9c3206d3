using System.Text.Json;

namespace Rekor.Core.Schemas;

/// <summary>A generated validation method: appends to <paramref name="violations"/> every way <paramref name="value"/> breaks one schema.</summary>
public delegate void SchemaValidator(JsonElement value, string path, List<SchemaViolation> violations);
