using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rekor.Server.Tests.Signing.Vault;

/// <summary>
/// An in-process Vault speaking the transit HTTP API the signer uses (kms-wire §C): <c>GET /v1/&lt;mount&gt;/keys/:name</c>
/// and <c>POST|PUT /v1/&lt;mount&gt;/sign/:name[/:hash]</c>, with <c>X-Vault-Token</c> checked, the <c>data</c> envelope and
/// <c>{"errors":[…]}</c> bodies. Listens on 127.0.0.1, a free port. Faults are injected by the setters below; each
/// counted fault applies to the next requests of any route. Every request is recorded in <see cref="Requests"/>.
/// </summary>
public sealed class FakeVault : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeTransitKey> _keys = new(StringComparer.Ordinal);
    private int _failCount;
    private int _failStatus;
    private int _delayCount;
    private TimeSpan _delay;

    private FakeVault(WebApplication app, string token, string mount)
    {
        _app = app;
        Token = token;
        MountPath = mount;
    }

    public string Token { get; }

    public string MountPath { get; }

    public Uri Address { get; private set; } = null!;

    public ConcurrentQueue<FakeVaultRequest> Requests { get; } = new();

    /// <summary>Every sign answer carries random bytes instead of a signature.</summary>
    public bool GarbageSignatures { get; set; }

    /// <summary>Every sign answer names a version one above the one used.</summary>
    public bool WrongSignatureVersion { get; set; }

    /// <summary>Every request is refused with 403 (with the presented token echoed in the error, to test scrubbing).</summary>
    public bool ForbidAll { get; set; }

    /// <summary>Key reads give <c>latest_version</c> as a JSON string (which the Go client rejects).</summary>
    public bool LatestVersionAsString { get; set; }

    public static async Task<FakeVault> StartAsync(string token = "hvs.fake-SECRET-token-0123456789", string mount = "transit")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var vault = new FakeVault(app, token, mount);
        app.Run(vault.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        vault.Address = new Uri(address);
        return vault;
    }

    public FakeTransitKey AddKey(string name, string type) => _keys[name] = FakeTransitKey.Generate(name, type);

    public FakeTransitKey AddKey(FakeTransitKey key) => _keys[key.Name] = key;

    /// <summary>The next <paramref name="count"/> requests answer <paramref name="status"/> (503 = sealed, 429, 500 …).</summary>
    public void FailNext(int count, int status)
    {
        Volatile.Write(ref _failStatus, status);
        Volatile.Write(ref _failCount, count);
    }

    /// <summary>The next <paramref name="count"/> requests wait <paramref name="delay"/> before being served.</summary>
    public void DelayNext(int count, TimeSpan delay)
    {
        _delay = delay;
        Volatile.Write(ref _delayCount, count);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static bool Take(ref int counter)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted);
        var token = request.Headers["X-Vault-Token"].ToString();
        var path = request.Path.Value ?? "";
        Requests.Enqueue(new FakeVaultRequest(request.Method, path, token, body));

        if (Take(ref _delayCount))
        {
            try
            {
                await Task.Delay(_delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (Take(ref _failCount))
        {
            var status = Volatile.Read(ref _failStatus);
            await ErrorAsync(context, status, status == 503 ? "Vault is sealed" : status == 429 ? "request rate limit exceeded" : "internal error");
            return;
        }

        if (ForbidAll)
        {
            await ErrorAsync(context, 403, $"permission denied for token {token}");
            return;
        }

        if (token != Token)
        {
            await ErrorAsync(context, 403, "permission denied");
            return;
        }

        var prefix = $"/v1/{MountPath}/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            await ErrorAsync(context, 404, $"no handler for route \"{path}\"; route entry not found.");
            return;
        }

        var segments = path[prefix.Length..].Split('/');
        switch (segments)
        {
            case ["keys", var name] when HttpMethods.IsGet(request.Method):
                await ReadKeyAsync(context, name);
                return;
            case ["sign", var name, ..] when segments.Length <= 3 && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)):
                await SignAsync(context, name, segments.Length == 3 ? segments[2] : null, body);
                return;
            default:
                await ErrorAsync(context, 405, "unsupported operation");
                return;
        }
    }

    private async Task ReadKeyAsync(HttpContext context, string name)
    {
        if (!_keys.TryGetValue(name, out var key))
        {
            await WriteAsync(context, 404, new JsonObject { ["errors"] = new JsonArray() });
            return;
        }

        var latest = key.LatestVersion;
        var versions = new JsonObject();
        for (var v = 1; v <= latest; v++)
        {
            var version = key.Get(v)!;
            versions[v.ToString(CultureInfo.InvariantCulture)] = version.PublicKeyText is null
                ? version.CreationTime.ToUnixTimeSeconds()
                : new JsonObject
                {
                    ["name"] = version.CurveName,
                    ["public_key"] = version.PublicKeyText,
                    ["creation_time"] = version.CreationTime.ToString("O", CultureInfo.InvariantCulture),
                    ["certificate_chain"] = "",
                };
        }

        var signing = key.Get(latest)!.PublicKeyText is not null;
        await WriteAsync(context, 200, Envelope(new JsonObject
        {
            ["name"] = key.Name,
            ["type"] = key.Type,
            ["latest_version"] = LatestVersionAsString ? JsonValue.Create(latest.ToString(CultureInfo.InvariantCulture)) : JsonValue.Create(latest),
            ["min_decryption_version"] = 1,
            ["min_encryption_version"] = 0,
            ["min_available_version"] = 0,
            ["deletion_allowed"] = false,
            ["derived"] = false,
            ["exportable"] = false,
            ["allow_plaintext_backup"] = false,
            ["supports_encryption"] = !signing,
            ["supports_decryption"] = !signing,
            ["supports_signing"] = signing,
            ["supports_derivation"] = !signing,
            ["auto_rotate_period"] = 0,
            ["imported_key"] = false,
            ["keys"] = versions,
        }));
    }

    private async Task SignAsync(HttpContext context, string name, string? urlHash, string body)
    {
        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            await ErrorAsync(context, 400, "failed to parse JSON input");
            return;
        }

        if (!_keys.TryGetValue(name, out var key))
        {
            await ErrorAsync(context, 400, "encryption key not found");
            return;
        }

        var hashName = urlHash ?? (string?)request["hash_algorithm"] ?? "sha2-256";
        HashAlgorithmName? hash = hashName switch
        {
            "sha2-256" => HashAlgorithmName.SHA256,
            "sha2-384" => HashAlgorithmName.SHA384,
            "sha2-512" => HashAlgorithmName.SHA512,
            _ => null,
        };
        if (hash is null)
        {
            await ErrorAsync(context, 400, $"unsupported hash algorithm {hashName}");
            return;
        }

        if (((string?)request["marshaling_algorithm"] ?? "asn1") != "asn1")
        {
            await ErrorAsync(context, 400, "the fake only marshals asn1");
            return;
        }

        var versionNode = request["key_version"];
        var versionNumber = versionNode is null ? 0
            : versionNode.GetValueKind() == JsonValueKind.String ? int.Parse((string)versionNode!, CultureInfo.InvariantCulture)
            : (int)versionNode;
        if (versionNumber == 0)
        {
            versionNumber = key.LatestVersion;
        }

        var version = key.Get(versionNumber);
        if (version is null)
        {
            await ErrorAsync(context, 400, "requested version for signing is higher than the latest key version");
            return;
        }

        byte[] input;
        try
        {
            input = Convert.FromBase64String((string?)request["input"] ?? "");
        }
        catch (FormatException)
        {
            await ErrorAsync(context, 400, "unable to decode input as base64");
            return;
        }

        var prehashed = (bool?)request["prehashed"] ?? false;
        var signature = version.Sign(input, prehashed, hash.Value, (string?)request["signature_algorithm"], out var error);
        if (signature is null)
        {
            await ErrorAsync(context, 400, error!);
            return;
        }

        if (GarbageSignatures)
        {
            signature = RandomNumberGenerator.GetBytes(signature.Length);
        }

        var shownVersion = WrongSignatureVersion ? versionNumber + 1 : versionNumber;
        await WriteAsync(context, 200, Envelope(new JsonObject
        {
            ["signature"] = $"vault:v{shownVersion}:{Convert.ToBase64String(signature)}",
            ["key_version"] = versionNumber,
        }));
    }

    private static JsonObject Envelope(JsonObject data) => new()
    {
        ["request_id"] = Guid.NewGuid().ToString(),
        ["lease_id"] = "",
        ["renewable"] = false,
        ["lease_duration"] = 0,
        ["data"] = data,
        ["wrap_info"] = null,
        ["warnings"] = null,
        ["auth"] = null,
    };

    private static Task ErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, new JsonObject { ["errors"] = new JsonArray(message) });

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}

/// <summary>One request as <see cref="FakeVault"/> received it.</summary>
public sealed record FakeVaultRequest(string Method, string Path, string Token, string Body)
{
    public JsonObject Json => (JsonObject)JsonNode.Parse(Body)!;
}
