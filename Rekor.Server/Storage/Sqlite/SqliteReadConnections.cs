using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Rekor.Server.Storage.Sqlite;

/// <summary>
/// Open connections kept for reads, each with its statements prepared once. A read rents one, runs its statement and
/// gives it back. Opening a pooled connection per read re-ran the connection's pragmas, and every query was parsed
/// and planned again: reading entries by index from a 1,000,000-entry log, SQLite's parser and planner were about a
/// tenth of the server's CPU. Owned by the store that made it; a rented connection belongs to its renter until given
/// back, and an idle one holds no transaction and no open reader (each statement is its own read transaction, so it
/// sees every commit made before it started).
/// </summary>
internal sealed class SqliteReadConnections(string connectionString) : IDisposable
{
    /// <summary>Idle connections kept beyond this are closed (each has its own page cache, up to 2 MB).</summary>
    private const int MaxIdle = 16;

    private readonly ConcurrentBag<ReadConnection> _idle = [];

    /// <summary>How many connections <see cref="_idle"/> holds (its own Count takes every lock of the bag).</summary>
    private int _idleCount;

    private volatile bool _disposed;

    /// <summary>Runs <paramref name="read"/> on a rented connection. A connection whose read failed is closed, not kept.</summary>
    public async Task<T> ReadAsync<T>(Func<ReadConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryTake(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
        }
        else
        {
            connection = await ReadConnection.OpenAsync(connectionString, cancellationToken);
        }

        T result;
        try
        {
            result = await read(connection, cancellationToken);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        if (!_disposed)
        {
            if (Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Add(connection);
                return result;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        connection.Dispose();
        return result;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    /// <summary>One open connection and the statements prepared on it, by SQL text.</summary>
    internal sealed class ReadConnection : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

        private ReadConnection(SqliteConnection connection) => _connection = connection;

        public static async Task<ReadConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                await using var pragmas = connection.CreateCommand();
                pragmas.CommandText = "PRAGMA busy_timeout=10000;"; // as the store's other connections
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
                return new ReadConnection(connection);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        /// <summary>The command for <paramref name="sql"/>, prepared on first use, with no parameters bound yet.</summary>
        public SqliteCommand Command(string sql)
        {
            if (!_prepared.TryGetValue(sql, out var command))
            {
                command = _connection.CreateCommand();
                command.CommandText = sql;
                _prepared[sql] = command;
            }

            command.Parameters.Clear();
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _prepared.Values)
            {
                command.Dispose();
            }

            _connection.Dispose();
        }
    }
}
