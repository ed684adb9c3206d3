using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.OpenApi.Any;
using Microsoft.OpenApi.Models;
using Rekor.Generators.Infrastructure;
using Rekor.Generators.Model;

namespace Rekor.Generators.Parsing
{
    /// <summary>
    /// The operations under <c>paths</c> as Microsoft.OpenApi.Readers hands them over (references left unresolved):
    /// each with its parameters (path-level ones first, an operation's own replacing a path-level one of the same name
    /// and place), the Swagger 2.0 body parameter (which the reader turns into a request body named by
    /// <c>x-bodyName</c>) and its first 2xx response. Shared parameters and responses (<c>$ref</c> to
    /// <c>#/parameters/…</c>, <c>#/responses/…</c>) are looked up in the document.
    /// </summary>
    internal static class OpenApiOperationReader
    {
        // The order operations are listed in (and so emitted in) for each path.
        private static readonly (OperationType Type, string Method)[] Methods =
        {
            (OperationType.Get, "GET"), (OperationType.Put, "PUT"), (OperationType.Post, "POST"), (OperationType.Delete, "DELETE"),
            (OperationType.Options, "OPTIONS"), (OperationType.Head, "HEAD"), (OperationType.Patch, "PATCH"),
        };

        public static EquatableArray<ApiOperation> Read(OpenApiDocument document)
        {
            var operations = new List<ApiOperation>();
            foreach (var path in document.Paths ?? new OpenApiPaths())
            {
                foreach (var (type, method) in Methods)
                {
                    if (path.Value.Operations.TryGetValue(type, out var operation) && operation.OperationId is { } id)
                    {
                        operations.Add(new ApiOperation(
                            path.Key, method, id, operation.Summary, operation.Description, operation.Deprecated,
                            Parameters(document, path.Value, operation), Success(document, operation)));
                    }
                }
            }

            return operations.ToEquatableArray();
        }

        private static EquatableArray<ApiParameter> Parameters(OpenApiDocument document, OpenApiPathItem path, OpenApiOperation operation)
        {
            var parameters = new List<ApiParameter>();
            foreach (var declared in (path.Parameters ?? new List<OpenApiParameter>()).Concat(operation.Parameters ?? new List<OpenApiParameter>()))
            {
                var parameter = Resolve(document, declared);
                if (parameter?.In is not { } place || place == ParameterLocation.Cookie)
                {
                    continue;
                }

                var location = place.ToString().ToLowerInvariant();
                parameters.RemoveAll(p => p.Name == parameter.Name && p.Location == location);
                parameters.Add(new ApiParameter(parameter.Name, location, parameter.Required, Shape(parameter.Schema), parameter.Description));
            }

            if (operation.RequestBody is { } body && JsonContent(body.Content) is { } content)
            {
                var name = body.Extensions.TryGetValue("x-bodyName", out var extension) && extension is OpenApiString bodyName ? bodyName.Value : "body";
                parameters.Add(new ApiParameter(name, "body", body.Required, Shape(content.Schema), body.Description));
            }

            return parameters.ToEquatableArray();
        }

        private static OpenApiParameter? Resolve(OpenApiDocument document, OpenApiParameter parameter) =>
            parameter.UnresolvedReference && parameter.Reference?.Id is { } id
                ? document.Components?.Parameters is { } shared && shared.TryGetValue(id, out var found) ? found : null
                : parameter;

        private static ApiResult? Success(OpenApiDocument document, OpenApiOperation operation)
        {
            foreach (var entry in (operation.Responses ?? new OpenApiResponses()).OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                if (!int.TryParse(entry.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 200 || status > 299)
                {
                    continue;
                }

                var response = entry.Value.UnresolvedReference && entry.Value.Reference?.Id is { } id
                    ? document.Components?.Responses is { } shared && shared.TryGetValue(id, out var found) ? found : null
                    : entry.Value;
                if (response?.Content is not { Count: > 0 } content)
                {
                    return new ApiResult(status, null, true);
                }

                // Text only where the document says so for a string (a PEM key as application/x-pem-file); a model
                // or an array is JSON whatever media type the reader assumed for a document without 'produces'.
                var json = JsonContent(content);
                var media = json ?? content.First().Value;
                var shape = media.Schema is null ? null : Shape(media.Schema);
                return new ApiResult(status, shape, json is not null || shape?.Kind != "string");
            }

            return null;
        }

        /// <summary>The JSON media type's content, if the operation consumes or produces one.</summary>
        private static OpenApiMediaType? JsonContent(IDictionary<string, OpenApiMediaType>? content) =>
            content?.FirstOrDefault(c => c.Key.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0).Value;

        private static ApiValueShape Shape(OpenApiSchema? schema)
        {
            if (schema is null)
            {
                return new ApiValueShape("any", null, null, null);
            }

            if (schema.Reference?.Id is { } model && schema.Reference.IsLocal)
            {
                return new ApiValueShape("model", null, model, null);
            }

            return schema.Type switch
            {
                "string" or "integer" or "number" or "boolean" => new ApiValueShape(schema.Type, schema.Format, null, null),
                "array" => new ApiValueShape("array", null, null, Shape(schema.Items)),
                _ => new ApiValueShape("any", null, null, null),
            };
        }
    }
}
