using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using StackExchange.Redis;

namespace Rekor.Server.Storage.Redis;

/// <summary>
/// Where the Redis search index lives, as Rekor's flags <c>redis_server.address</c>, <c>.port</c>, <c>.password</c>,
/// <c>.enable-tls</c> and <c>.insecure-skip-verify</c> say; always database 0, as Rekor uses.
/// <see cref="Password"/> is a secret: <see cref="ToString"/> and <see cref="Describe"/> leave it out, and nothing
/// built from these options may print it.
/// </summary>
public sealed record RedisIndexOptions
{
    /// <summary>How long one connection attempt may take before it counts as failed (and is retried in the background).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long one command may wait for its reply before it fails.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Host name or IP address of the Redis server.</summary>
    public string Address { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 6379;

    /// <summary>The password (<c>AUTH</c>); empty for none. Secret: never logged.</summary>
    public string Password { get; init; } = "";

    /// <summary>Speak TLS to the server.</summary>
    public bool EnableTls { get; init; }

    /// <summary>With <see cref="EnableTls"/>: accept any server certificate (no chain or name check), as Rekor's flag does.</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>
    /// The client configuration: one endpoint, database 0, <c>AbortOnConnectFail = false</c> (the server starts while
    /// Redis is down, and the client keeps reconnecting on its own, every 0.5 to 5 seconds), short connect and command
    /// timeouts so a request fails within seconds instead of hanging. Each call builds a fresh object the caller owns.
    /// </summary>
    public ConfigurationOptions ToConfigurationOptions()
    {
        var configuration = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            DefaultDatabase = 0,
            ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds,
            SyncTimeout = (int)CommandTimeout.TotalMilliseconds,
            AsyncTimeout = (int)CommandTimeout.TotalMilliseconds,
            ConnectRetry = 1,
            // After a loss, retry from half a second, backing off to at most five: back soon after Redis is.
            ReconnectRetryPolicy = new ExponentialRetry(500, 5000),
            Ssl = EnableTls,
            ClientName = "rekor-server",
        };
        configuration.EndPoints.Add(Address, Port);
        if (Password.Length > 0)
        {
            configuration.Password = Password;
        }

        if (EnableTls && InsecureSkipVerify)
        {
#pragma warning disable CA5359 // Accepting any certificate is what the operator asked for with insecure-skip-verify.
            configuration.CertificateValidation += AcceptAnyServerCertificate;
#pragma warning restore CA5359
        }

        return configuration;
    }

    /// <summary>"redis at host:port" (with ", tls" / ", tls without certificate checks"), for messages and logs; no password.</summary>
    public string Describe()
    {
        var endpoint = Address.Contains(':', StringComparison.Ordinal) ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
        var tls = !EnableTls ? "" : InsecureSkipVerify ? ", tls without certificate checks" : ", tls";
        return $"redis at {endpoint}{tls}";
    }

    /// <summary>The same as <see cref="Describe"/>: a record would otherwise print the password.</summary>
    public override string ToString() => Describe();

    /// <summary>The certificate check of <see cref="InsecureSkipVerify"/>: every server certificate passes.</summary>
    internal static bool AcceptAnyServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;
}
