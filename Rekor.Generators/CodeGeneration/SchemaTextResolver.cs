using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using NJsonSchema;
using NJsonSchema.References;

namespace Rekor.Generators.CodeGeneration
{
    /// <summary>
    /// Resolves cross-file <c>$ref</c>s from the texts of the compilation's AdditionalFiles: a generator does no file
    /// I/O. Documents are named <c>/schemas/&lt;relative path&gt;</c>; every document is loaded once per run and shared by
    /// all that refer to it, so a schema reached from two files is one object (and so one class).
    /// </summary>
    internal sealed class SchemaTextResolver : JsonReferenceResolver
    {
        public const string Root = "/schemas/";

        private readonly SchemaTextSet _texts;

        public SchemaTextResolver(JsonSchema document, SchemaTextSet texts)
            : base(new JsonSchemaAppender(document, new DefaultTypeNameGenerator()))
        {
            _texts = texts;
        }

        public override string ResolveFilePath(string documentPath, string jsonPath)
        {
            var hash = jsonPath.IndexOf('#');
            var file = hash >= 0 ? jsonPath.Substring(0, hash) : jsonPath;
            var slash = documentPath.LastIndexOf('/');
            var combined = (slash >= 0 ? documentPath.Substring(0, slash + 1) : Root) + file;
            var segments = new List<string>();
            foreach (var segment in combined.Split('/'))
            {
                if (segment == "..")
                {
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }
                }
                else if (segment.Length > 0 && segment != ".")
                {
                    segments.Add(segment);
                }
            }

            return "/" + string.Join("/", segments);
        }

        public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
            Task.FromResult<IJsonReference>(_texts.Load(filePath.StartsWith(Root, StringComparison.Ordinal) ? filePath.Substring(Root.Length) : filePath));
    }

    /// <summary>The schema texts of one run and the documents loaded from them, by relative path.</summary>
    internal sealed class SchemaTextSet
    {
        private readonly IReadOnlyDictionary<string, string> _texts;
        private readonly Dictionary<string, JsonSchema> _loaded = new(StringComparer.Ordinal);
        private readonly HashSet<string> _loading = new(StringComparer.Ordinal);

        // When set, the only file this set reads; every other is any JSON value (see Load).
        private readonly string? _only;

        public SchemaTextSet(IReadOnlyDictionary<string, string> texts, string? only = null)
        {
            _texts = texts;
            _only = only;
        }

        /// <summary>Every document loaded so far, by relative path: those asked for and those they refer to.</summary>
        public IReadOnlyDictionary<string, JsonSchema> Loaded => _loaded;

        public JsonSchema Load(string relativePath)
        {
            if (_loaded.TryGetValue(relativePath, out var loaded))
            {
                return loaded;
            }

            if (_only is not null && relativePath != _only)
            {
                return new JsonSchema();
            }

            if (!_loading.Add(relativePath))
            {
                // Files that refer to each other: the document is still being read further up this stack and NJsonSchema
                // has no object for it yet. The reference back gets a copy of it read on its own, with its references to
                // other files left as any JSON value, rather than a second, endless read.
                return _only is null ? new SchemaTextSet(_texts, relativePath).Load(relativePath) : new JsonSchema();
            }

            try
            {
                return LoadText(relativePath);
            }
            finally
            {
                _loading.Remove(relativePath);
            }
        }

        private JsonSchema LoadText(string relativePath)
        {
            if (!_texts.TryGetValue(relativePath, out var text))
            {
                // Binding reports a $ref to a missing file where a model uses it (REKOR002) and types it as any JSON
                // value; an empty schema is the same here, and a $ref nothing uses stays harmless, as in binding.
                return _loaded[relativePath] = new JsonSchema();
            }

            // No I/O happens below: every $ref comes back to this set. The task is complete when it returns.
            var document = JsonSchema.FromJsonAsync(text, SchemaTextResolver.Root + relativePath, schema => new SchemaTextResolver(schema, this))
                .GetAwaiter().GetResult();
            _loaded[relativePath] = document;
            return document;
        }
    }
}
