using System.Diagnostics;
using System.Security.Cryptography;
using MySqlConnector;

namespace Rekor.Server.Tests.Services;

/// <summary>
/// A throwaway MariaDB server (Debian's mariadb-server) of one test or suite: its own data directory under the temp
/// directory, listening on 127.0.0.1 at a free port and on a Unix socket in that directory, with a user
/// <see cref="User"/> that has every privilege (it creates the databases). Stop, start again and kill let outage tests
/// take the database away mid-load: the data directory and port stay the same, so what was committed is still there.
/// Disposing stops the server and deletes the directory. An instance made from REKOR_TEST_MYSQL_DSN (see
/// <see cref="SharedAsync"/>) is someone else's server: it can create databases but not be stopped, started or killed.
/// </summary>
public sealed partial class MariaDbInstance : IAsyncDisposable
{
    private const string ServerPackage = "mariadb-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly string? _directory;
    private ServiceProcess? _process;

    private MariaDbInstance(string? directory, string host, int port, string user, string password)
    {
        _directory = directory;
        Host = host;
        Port = port;
        User = user;
        Password = password;
    }

    /// <summary>The TCP host clients connect to: 127.0.0.1 for a server started here.</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>The server's Unix socket (root connects there without a password); null for an external server.</summary>
    public string? SocketPath => _directory is null ? null : Path.Combine(_directory, "sock");

    /// <summary>The user for clients, granted ALL on *.*; "rekor" for a server started here.</summary>
    public string User { get; }

    public string Password { get; }

    /// <summary>
    /// Initializes a data directory and starts a server on it, returning once it accepts connections and the user
    /// <see cref="User"/> exists. Takes well under a few seconds; a missing binary throws naming the Debian package.
    /// </summary>
    public static async Task<MariaDbInstance> StartAsync(CancellationToken cancellationToken = default)
    {
        var installDb = ServiceBinary.Find("mariadb-install-db", ServerPackage);
        ServiceBinary.Find("mariadbd", ServerPackage);
        var directory = Path.Combine(Path.GetTempPath(), "rekor-mariadb-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(directory);

        // Temporary tables in a directory of the instance's own: in the shared /tmp, bootstraps running at the same time
        // (other suites, other checkouts) collide on the #sql-temptable files and mariadb-install-db fails.
        Directory.CreateDirectory(Path.Combine(directory, "tmp"));
        var instance = new MariaDbInstance(directory, "127.0.0.1", FreeTcpPort.Pick(), "rekor", RandomPassword());
        try
        {
            await RunToCompletionAsync(installDb,
            [
                "--no-defaults", $"--datadir={instance.DataDirectory}", $"--user={Environment.UserName}",
                "--auth-root-authentication-method=normal", "--skip-test-db", $"--tmpdir={Path.Combine(directory, "tmp")}",
            ], cancellationToken);
            await instance.StartAgainAsync(cancellationToken);
            await using var root = await instance.OpenRootAsync(cancellationToken);
            await ExecuteAsync(root, $"CREATE USER '{instance.User}'@'%' IDENTIFIED BY '{instance.Password}'", cancellationToken);
            await ExecuteAsync(root, $"GRANT ALL PRIVILEGES ON *.* TO '{instance.User}'@'%'", cancellationToken);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>A DSN in the Go MySQL driver's format for <paramref name="database"/>, as the Go Rekor server takes it.</summary>
    public string GoDsn(string database) =>
        $"{User}:{Password}@tcp({Host}:{Port})/{database}?parseTime=true&interpolateParams=true";

    /// <summary>A connection string for <see cref="User"/> over TCP, without pooling (a restart leaves no stale connections).</summary>
    public MySqlConnectionStringBuilder ConnectionString(string? database = null) => new()
    {
        Server = Host,
        Port = (uint)Port,
        UserID = User,
        Password = Password,
        Database = database ?? "",
        Pooling = false,
    };

    /// <summary>
    /// Creates a database named <paramref name="prefix"/>, '_' and a random suffix (utf8mb4) and returns its name;
    /// two calls never return the same name. The prefix is letters, digits and '_' only.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        if (prefix.Length == 0 || prefix.Length > 40 || !prefix.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException("a database prefix is 1 to 40 ASCII letters, digits and '_'", nameof(prefix));
        }

        var name = prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await using var connection = new MySqlConnection(ConnectionString().ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin", cancellationToken);
        return name;
    }

    /// <summary>Clean shutdown (SQL SHUTDOWN as root), waiting for the process to exit; committed data is on disk.</summary>
    public async Task StopAsync()
    {
        var process = OwnedProcess();
        if (!process.HasExited)
        {
            try
            {
                await using var root = await OpenRootAsync(CancellationToken.None);
                await ExecuteAsync(root, "SHUTDOWN", CancellationToken.None);
            }
            catch (MySqlException)
            {
                // The server may drop the connection before answering; its exit below is what counts.
            }

            if (!await process.WaitForExitAsync(StopTimeout))
            {
                await process.KillAsync();
                throw new InvalidOperationException($"mariadbd did not shut down within {StopTimeout} and was killed:\n{ErrorLogTail()}");
            }
        }

        Release();
    }

    /// <summary>
    /// Starts the server on the same data directory and port (after <see cref="StopAsync"/> or <see cref="KillAsync"/>,
    /// and once by <see cref="StartAsync"/>), returning once it accepts connections. A running server throws.
    /// </summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (_directory is null)
        {
            throw new InvalidOperationException("an external MySQL server (REKOR_TEST_MYSQL_DSN) cannot be started or stopped by the tests");
        }

        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("mariadbd is already running");
        }

        Release();
        // max_allowed_packet: an entry's body may be tens of MiB, sent in one packet (the server's default, 16M, refuses them).
        _process = ServiceProcess.Start(ServiceBinary.Find("mariadbd", ServerPackage),
        [
            "--no-defaults", $"--datadir={DataDirectory}", $"--user={Environment.UserName}", "--bind-address=127.0.0.1",
            $"--port={Port}", $"--socket={SocketPath}", "--skip-name-resolve", "--character-set-server=utf8mb4",
            "--innodb-flush-log-at-trx-commit=1", "--max-allowed-packet=256M", $"--log-error={Path.Combine(_directory, "error.log")}",
            $"--tmpdir={Path.Combine(_directory, "tmp")}",
            $"--pid-file={Path.Combine(_directory, "mariadbd.pid")}",
        ]);
        await WaitUntilReadyAsync(_process, cancellationToken);
    }

    /// <summary>SIGKILL: the server dies as in a crash and recovers its committed transactions on the next start.</summary>
    public async Task KillAsync()
    {
        await OwnedProcess().KillAsync();
        Release();
    }

    /// <summary>Stops the server (killing it if the clean shutdown fails) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Killed already; the directory goes regardless.
            }
        }

        Release();
        DeleteDirectory();
    }

    private string DataDirectory => Path.Combine(_directory!, "data");

    private static string RandomPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static async Task ExecuteAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task RunToCompletionAsync(string executable, string[] arguments, CancellationToken cancellationToken)
    {
        using var process = ServiceProcess.Start(executable, arguments);
        if (!await process.WaitForExitAsync(StartTimeout))
        {
            await process.KillAsync();
            throw new InvalidOperationException($"{executable} did not finish within {StartTimeout}:\n{process.Tail()}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var exitCode = process.ExitCode;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} exited {exitCode}:\n{process.Tail()}");
        }
    }

    private async Task<MySqlConnection> OpenRootAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = SocketPath,
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            UserID = "root",
            Pooling = false,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(ServiceProcess process, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mariadbd exited while starting:\n{ErrorLogTail()}\n{process.Tail()}");
            }

            if (File.Exists(SocketPath))
            {
                try
                {
                    await using var root = await OpenRootAsync(cancellationToken);
                    return;
                }
                catch (MySqlException) when (clock.Elapsed < StartTimeout)
                {
                    // Still starting (the socket exists before InnoDB is ready).
                }
            }

            if (clock.Elapsed >= StartTimeout)
            {
                await process.KillAsync();
                throw new InvalidOperationException($"mariadbd did not accept connections within {StartTimeout}:\n{ErrorLogTail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), cancellationToken);
        }
    }

    private ServiceProcess OwnedProcess() =>
        _directory is null
            ? throw new InvalidOperationException("an external MySQL server (REKOR_TEST_MYSQL_DSN) cannot be started or stopped by the tests")
            : _process ?? throw new InvalidOperationException("mariadbd is not running");

    private void Release()
    {
        _process?.Dispose();
        _process = null;
    }

    private string ErrorLogTail()
    {
        var log = Path.Combine(_directory!, "error.log");
        return File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(30)) : "(no error log)";
    }

    private void DeleteDirectory()
    {
        if (_directory is null)
        {
            return;
        }

        // A killed server's files can still be closing for a moment: a few tries, then the test script's own temp
        // directory (tests/run-all.sh removes it) takes the rest.
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(100 * attempt);
            }
            catch (IOException)
            {
            }
        }
    }
}
