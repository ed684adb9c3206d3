using System.Net.Sockets;
using MySqlConnector;

namespace Rekor.Server.Storage.MySql;

/// <summary>
/// Which failures of a MySQL call mean "the database cannot be reached now" (a restart, a network cut, a failover):
/// those become <see cref="StorageUnavailableException"/> (503, retried), every other error stays what it is.
/// </summary>
internal static class MySqlFaults
{
    public static bool IsUnavailable(Exception error) => error switch
    {
        MySqlException e => e.IsTransient || IsConnectionError(e.ErrorCode) || e.InnerException is IOException or SocketException,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>Runs <paramref name="call"/>, turning an unreachable database into <see cref="StorageUnavailableException"/> saying what was being done.</summary>
    public static async Task<T> GuardAsync<T>(string doing, string database, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new StorageUnavailableException($"couldn't {doing}: the database {database} is unavailable ({e.Message})", e);
        }
    }

    private static bool IsConnectionError(MySqlErrorCode code) => code is MySqlErrorCode.UnableToConnectToHost
        or MySqlErrorCode.CommandTimeoutExpired or MySqlErrorCode.ServerShutdown or MySqlErrorCode.ConnectionCountError
        or MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout or MySqlErrorCode.QueryInterrupted
        or MySqlErrorCode.TooManyUserConnections;
}
