using MySqlConnector;

namespace Rekor.Server.Storage.MySql;

/// <summary>
/// Connection pool sizes of a MySQL store (<c>--log_storage.mysql.max_open_connections</c>, <c>.max_idle_connections</c>,
/// <c>.conn_max_lifetime</c> seconds), as Go's database/sql names them. Each replica holds at most
/// <see cref="MaxOpenConnections"/> connections to the database.
/// </summary>
public sealed record MySqlPoolOptions(int MaxOpenConnections = 32, int MaxIdleConnections = 4, int ConnectionMaxLifetimeSeconds = 0)
{
    public MySqlConnectionStringBuilder Apply(MySqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var copy = new MySqlConnectionStringBuilder(builder.ConnectionString)
        {
            MaximumPoolSize = (uint)MaxOpenConnections,
            MinimumPoolSize = (uint)Math.Min(MaxIdleConnections, MaxOpenConnections),
            ConnectionLifeTime = (uint)ConnectionMaxLifetimeSeconds,
        };
        return copy;
    }
}
