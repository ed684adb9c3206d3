using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Server.Storage;

namespace Rekor.Server.Api;

/// <summary>Turns a public key from a search into its index key (lowercase hex SHA-256 of the canonical key).</summary>
public interface IPublicKeyIndex
{
    bool TryIndexKey(string format, byte[] content, out string indexKey);
}

/// <summary>The deprecated search index: entry IDs by artifact hash, public key or email.</summary>
public static class IndexApi
{
    public static IEndpointRouteBuilder MapIndexApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/index/retrieve", SearchAsync).IsOperation(ApiEndpoints.SearchIndex);
        return app;
    }

    private static async Task<IResult> SearchAsync(HttpContext context, ISearchIndex searchIndex, IPublicKeyIndex publicKeys, CancellationToken cancellationToken)
    {
        var (json, error) = await RequestBody.ReadJsonAsync(context, "query", cancellationToken);
        if (error is not null)
        {
            return error;
        }

        using (json)
        {
            var violations = Core.Models.SearchIndex.Validate(json!.RootElement);
            if (violations.Count > 0)
            {
                // Rekor's framework reports only the first violation.
                return ApiResults.Error(422, $"{violations[0].Path.TrimStart('$', '.')} in body {violations[0].Message}");
            }

            var query = json.RootElement.Deserialize<SearchIndex>(ApiResults.Json)!;
            var criteria = new List<string>();
            if (query.Hash is { } hash)
            {
                criteria.Add(SearchKeys.ForArtifactHash(hash));
            }

            if (query.PublicKey is { } key)
            {
                if (key.Content is null || !publicKeys.TryIndexKey(key.Format, key.Content, out var keyHash))
                {
                    return ApiResults.Error(400, "public key provided could not be parsed");
                }

                criteria.Add(keyHash);
            }

            if (query.Email is { } email)
            {
                criteria.Add(email.ToLowerInvariant());
            }

            if (query.Subject is { } subject)
            {
                criteria.Add(subject.ToLowerInvariant());
            }

            if (criteria.Count == 0)
            {
                return ApiResults.Ok(Array.Empty<string>());
            }

            if (string.Equals(query.Operator, "and", StringComparison.Ordinal))
            {
                IEnumerable<string>? common = null;
                foreach (var criterion in criteria)
                {
                    var ids = await searchIndex.LookupAsync([criterion], cancellationToken);
                    common = common is null ? ids : common.Intersect(ids, StringComparer.Ordinal);
                }

                return ApiResults.Ok(common!.ToList());
            }

            return ApiResults.Ok(await searchIndex.LookupAsync(criteria, cancellationToken));
        }
    }
}
