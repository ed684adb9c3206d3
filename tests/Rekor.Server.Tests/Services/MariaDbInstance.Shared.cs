using System.Globalization;

namespace Rekor.Server.Tests.Services;

/// <summary>The one MariaDB server of a test process, for suites that only need databases of their own.</summary>
public sealed partial class MariaDbInstance
{
    /// <summary>A Go-driver DSN with an empty database (<c>user:password@tcp(host:port)/</c>) of an existing server to use instead.</summary>
    public const string ExternalDsnVariable = "REKOR_TEST_MYSQL_DSN";

    private static readonly Lazy<Task<MariaDbInstance>> Shared = new(StartSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The server shared by the whole test process: started once, on first use, and killed (its directory deleted) at
    /// process exit; or, when <see cref="ExternalDsnVariable"/> is set, that server. Each suite makes its own databases
    /// with <see cref="CreateDatabaseAsync"/>; nobody may stop, start or kill the shared server (dispose it neither).
    /// </summary>
    public static Task<MariaDbInstance> SharedAsync() => Shared.Value;

    /// <summary>Reads <c>user:password@tcp(host:port)/</c>; the password may contain ':' and '@' (the last '@' ends it).</summary>
    internal static MariaDbInstance FromGoDsn(string dsn)
    {
        var at = dsn.LastIndexOf("@tcp(", StringComparison.Ordinal);
        var close = at < 0 ? -1 : dsn.IndexOf(')', at);
        if (at < 0 || close < 0)
        {
            throw new FormatException($"{ExternalDsnVariable} is not a Go DSN of the form user:password@tcp(host:port)/");
        }

        var credentials = dsn[..at];
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? credentials : credentials[..colon];
        var password = colon < 0 ? "" : credentials[(colon + 1)..];
        var address = dsn[(at + "@tcp(".Length)..close];
        var portSeparator = address.LastIndexOf(':');
        var host = portSeparator < 0 ? address : address[..portSeparator];
        var port = portSeparator < 0 ? 3306 : int.Parse(address[(portSeparator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        return new MariaDbInstance(directory: null, host, port, user, password);
    }

    private static async Task<MariaDbInstance> StartSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable(ExternalDsnVariable);
        if (!string.IsNullOrEmpty(external))
        {
            return FromGoDsn(external);
        }

        var instance = await StartAsync(CancellationToken.None);
        // Killing is enough at exit: the data is throwaway, and a clean shutdown would only delay the test process.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            instance._process?.KillAsync().GetAwaiter().GetResult();
            instance.Release();
            instance.DeleteDirectory();
        };
        return instance;
    }
}
