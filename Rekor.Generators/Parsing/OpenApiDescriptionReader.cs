using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.Parsing
{
    /// <summary>
    /// Reads the REST API's operations (<c>paths</c>) of the Swagger 2.0 description with Microsoft.OpenApi.Readers,
    /// the design card's OpenAPI reader. The definitions keep going through <see cref="SchemaNodeReader"/>, which
    /// knows every keyword's line for diagnostics. Never throws: the reader's own failures and a missing bundled DLL
    /// come back as an error text.
    /// </summary>
    internal static class OpenApiDescriptionReader
    {
        // The order operations are listed in (and so emitted in) for each path, as before the reader was used.
        private static readonly (OperationType Type, string Method)[] Methods =
        {
            (OperationType.Get, "GET"), (OperationType.Put, "PUT"), (OperationType.Post, "POST"), (OperationType.Delete, "DELETE"),
            (OperationType.Options, "OPTIONS"), (OperationType.Head, "HEAD"), (OperationType.Patch, "PATCH"),
        };

        /// <summary>The operations in document order, or an error: the reader's first one, or the DLL that is missing.</summary>
        public static (EquatableArray<ApiOperation> Operations, string? Error, string? MissingDependency) ReadOperations(string text)
        {
            try
            {
                return Read(text);
            }
            catch (Exception e) when (e is System.IO.FileNotFoundException or System.IO.FileLoadException or TypeLoadException)
            {
                // The DLLs travel next to the generator (Rekor.Generators.csproj); a copy without them lands here,
                // in a method that names none of their types, so that the JIT can still run it.
                return (EquatableArray<ApiOperation>.Empty, null, (e as System.IO.FileNotFoundException)?.FileName ?? e.Message);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static (EquatableArray<ApiOperation>, string?, string?) Read(string text)
        {
            var document = new OpenApiStringReader(new OpenApiReaderSettings { ReferenceResolution = ReferenceResolutionSetting.DoNotResolveReferences })
                .Read(text, out var diagnostic);
            if (document?.Paths is null)
            {
                var error = diagnostic.Errors.FirstOrDefault();
                return (EquatableArray<ApiOperation>.Empty, error is null ? "the OpenAPI reader found no paths" : error.Pointer + ": " + error.Message, null);
            }

            var operations = new List<ApiOperation>();
            foreach (var path in document.Paths)
            {
                foreach (var (type, method) in Methods)
                {
                    if (path.Value.Operations.TryGetValue(type, out var operation) && operation.OperationId is { } id)
                    {
                        operations.Add(new ApiOperation(path.Key, method, id, operation.Summary));
                    }
                }
            }

            return (operations.ToEquatableArray(), null, null);
        }
    }
}
