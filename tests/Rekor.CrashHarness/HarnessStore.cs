using Rekor.Server.Storage;
using Rekor.Server.Storage.MySql;
using Rekor.Server.Storage.Sqlite;

namespace Rekor.CrashHarness;

/// <summary>The store the harness names on its command line: <c>mysql:</c> and a Go-driver DSN, or a SQLite file path.</summary>
public static class HarnessStore
{
    public static ILogStorage Open(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith("mysql:", StringComparison.Ordinal)
            ? new MySqlLogStorage(GoMySqlDsn.Parse(name["mysql:".Length..]), new MySqlPoolOptions(), keepsSearchIndex: true)
            : new SqliteLogStorage(name);
    }
}
