using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rekor.Server.Tests.Signing.Aws;

/// <summary>
/// An in-process AWS KMS on a free loopback port speaking the JSON 1.1 protocol: <c>POST /</c> with
/// <c>X-Amz-Target: TrentService.&lt;Operation&gt;</c> and <c>Content-Type: application/x-amz-json-1.1</c>, blobs as
/// base64, errors as <c>{"__type":…,"message":…}</c> (400 for client errors, 500 for KMS faults). It checks that each
/// request is SigV4-signed for the expected access key id and service <c>kms</c> (not the signature itself), resolves key
/// ids, key ARNs, alias names and alias ARNs, implements DescribeKey, GetPublicKey and Sign (DIGEST only), and injects
/// the faults of <see cref="Faults"/>.
/// </summary>
public sealed partial class FakeAwsKms : IAsyncDisposable
{
    public const string AccessKeyId = "AKIDFAKEKMSTEST00001";
    public const string SecretAccessKey = "fake-secret-never-in-messages/0123456789";
    private const string ContentType = "application/x-amz-json-1.1";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeKmsKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);

    private FakeAwsKms(WebApplication app, string region)
    {
        _app = app;
        Region = region;
    }

    /// <summary>The region keys are created in (ARNs); requests may be signed for any region (see <see cref="SeenRegions"/>).</summary>
    public string Region { get; }

    /// <summary>host:port, as an <c>awskms://</c> URI's endpoint.</summary>
    public string Endpoint { get; private set; } = "";

    public FakeKmsFaults Faults { get; } = new();

    /// <summary>The regions named in the SigV4 credential scopes of the requests received.</summary>
    public ConcurrentBag<string> SeenRegions { get; } = [];

    public static async Task<FakeAwsKms> StartAsync(string region = "us-east-1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeAwsKms(app, region);
        app.MapPost("/", fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Endpoint = new Uri(address).Authority;
        return fake;
    }

    public FakeKmsKey AddKey(FakeKmsKey key, params string[] aliases)
    {
        _keys[key.Id] = key;
        foreach (var alias in aliases)
        {
            _aliases[alias] = key.Id;
        }

        return key;
    }

    /// <summary>Requests received for <paramref name="operation"/> (e.g. <c>Sign</c>), faults included.</summary>
    public int Calls(string operation) => _calls.TryGetValue(operation, out var n) ? n : 0;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var target = request.Headers["X-Amz-Target"].ToString();
        if (!target.StartsWith("TrentService.", StringComparison.Ordinal))
        {
            await ErrorAsync(context, 400, "UnknownOperationException", "missing or foreign X-Amz-Target");
            return;
        }

        var operation = target["TrentService.".Length..];
        _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
        if (!string.Equals(request.ContentType, ContentType, StringComparison.Ordinal))
        {
            await ErrorAsync(context, 400, "SerializationException", "Content-Type must be " + ContentType);
            return;
        }

        var credential = SigV4Credential().Match(request.Headers.Authorization.ToString());
        if (!credential.Success || credential.Groups["service"].Value != "kms" || request.Headers["X-Amz-Date"].Count == 0)
        {
            await ErrorAsync(context, 400, "IncompleteSignatureException", "request is not SigV4-signed for kms");
            return;
        }

        if (credential.Groups["akid"].Value != AccessKeyId)
        {
            await ErrorAsync(context, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
            return;
        }

        SeenRegions.Add(credential.Groups["region"].Value);
        if (Faults.Operation is null || Faults.Operation == operation)
        {
            if (Faults.TakeSlow())
            {
                try
                {
                    await Task.Delay(Faults.SlowDelay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (Faults.TakeThrottle())
            {
                await ErrorAsync(context, 400, "ThrottlingException", "Rate exceeded");
                return;
            }

            if (Faults.TakeInternalError())
            {
                await ErrorAsync(context, 500, "KMSInternalException", "internal error (injected)");
                return;
            }

            if (Faults.AccessDenied)
            {
                await ErrorAsync(context, 400, "AccessDeniedException",
                    $"User: arn:aws:iam::{FakeKmsKey.Account}:user/rekor is not authorized to perform: kms:{operation}");
                return;
            }
        }

        JsonObject body;
        try
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            body = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            await ErrorAsync(context, 400, "SerializationException", "body is not a JSON object");
            return;
        }

        var keyId = body["KeyId"]?.GetValue<string>();
        if (string.IsNullOrEmpty(keyId))
        {
            await ErrorAsync(context, 400, "ValidationException", "KeyId is required");
            return;
        }

        if (Resolve(keyId) is not { } key)
        {
            await ErrorAsync(context, 400, "NotFoundException", $"Key '{keyId}' does not exist");
            return;
        }

        switch (operation)
        {
            case "DescribeKey":
                await ReplyAsync(context, new JsonObject { ["KeyMetadata"] = Metadata(key) });
                return;
            case "GetPublicKey":
                await ReplyAsync(context, new JsonObject
                {
                    ["KeyId"] = key.Arn,
                    ["PublicKey"] = Convert.ToBase64String(key.SpkiDer),
                    ["KeySpec"] = key.KeySpec,
                    ["CustomerMasterKeySpec"] = key.KeySpec,
                    ["KeyUsage"] = key.KeyUsage,
                    ["SigningAlgorithms"] = new JsonArray(key.SigningAlgorithm),
                });
                return;
            case "Sign":
                await SignAsync(context, body, key);
                return;
            default:
                await ErrorAsync(context, 400, "UnknownOperationException", "operation not supported by the fake: " + operation);
                return;
        }
    }

    private async Task SignAsync(HttpContext context, JsonObject body, FakeKmsKey key)
    {
        if (key.KeyState == "Disabled")
        {
            await ErrorAsync(context, 400, "DisabledException", $"{key.Arn} is disabled.");
            return;
        }

        if (key.KeyState != "Enabled")
        {
            await ErrorAsync(context, 400, "KMSInvalidStateException", $"{key.Arn} is {key.KeyState}");
            return;
        }

        if (key.KeyUsage != "SIGN_VERIFY")
        {
            await ErrorAsync(context, 400, "InvalidKeyUsageException", $"{key.Arn} key usage is {key.KeyUsage}");
            return;
        }

        var algorithm = body["SigningAlgorithm"]?.GetValue<string>();
        if (algorithm != key.SigningAlgorithm)
        {
            await ErrorAsync(context, 400, "InvalidKeyUsageException", $"signing algorithm {algorithm} is not supported by {key.Arn}");
            return;
        }

        if (body["MessageType"]?.GetValue<string>() != "DIGEST")
        {
            await ErrorAsync(context, 400, "ValidationException", "the fake only signs with MessageType DIGEST");
            return;
        }

        var digest = Convert.FromBase64String(body["Message"]?.GetValue<string>() ?? "");
        if (digest.Length != key.DigestLength)
        {
            await ErrorAsync(context, 400, "ValidationException", $"Digest is invalid length for algorithm {algorithm}.");
            return;
        }

        var signature = key.SignDigest(digest);
        if (Faults.GarbageSignature)
        {
            signature[^1] ^= 0x5a;
        }

        await ReplyAsync(context, new JsonObject
        {
            ["KeyId"] = Faults.SignedByArn ?? key.Arn,
            ["Signature"] = Convert.ToBase64String(signature),
            ["SigningAlgorithm"] = algorithm,
        });
    }

    private FakeKmsKey? Resolve(string keyId)
    {
        if (keyId.StartsWith("arn:", StringComparison.Ordinal))
        {
            var resource = keyId[(keyId.LastIndexOf(':') + 1)..];
            if (resource.StartsWith("key/", StringComparison.Ordinal))
            {
                return _keys.TryGetValue(resource["key/".Length..], out var byArn) && byArn.Arn == keyId ? byArn : null;
            }

            var aliasPart = keyId.IndexOf(":alias/", StringComparison.Ordinal);
            return aliasPart >= 0 && keyId.StartsWith($"arn:aws:kms:{Region}:{FakeKmsKey.Account}:", StringComparison.Ordinal)
                ? Resolve(keyId[(aliasPart + 1)..])
                : null;
        }

        if (keyId.StartsWith("alias/", StringComparison.Ordinal))
        {
            return _aliases.TryGetValue(keyId, out var id) && _keys.TryGetValue(id, out var byAlias) ? byAlias : null;
        }

        return _keys.TryGetValue(keyId, out var byId) ? byId : null;
    }

    private static JsonObject Metadata(FakeKmsKey key) => new()
    {
        ["KeyId"] = key.Id,
        ["Arn"] = key.Arn,
        ["AWSAccountId"] = FakeKmsKey.Account,
        ["CreationDate"] = 1767225600.0,
        ["Enabled"] = key.KeyState == "Enabled",
        ["KeyUsage"] = key.KeyUsage,
        ["KeyState"] = key.KeyState,
        ["Origin"] = "AWS_KMS",
        ["KeyManager"] = "CUSTOMER",
        ["KeySpec"] = key.KeySpec,
        ["CustomerMasterKeySpec"] = key.KeySpec,
        ["SigningAlgorithms"] = new JsonArray(key.SigningAlgorithm),
        ["MultiRegion"] = false,
    };

    private static async Task ReplyAsync(HttpContext context, JsonObject body)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = ContentType;
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static async Task ErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        await context.Response.WriteAsync(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString());
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<akid>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, ?SignedHeaders=[^,]+, ?Signature=[0-9a-f]{64}$")]
    private static partial Regex SigV4Credential();
}
