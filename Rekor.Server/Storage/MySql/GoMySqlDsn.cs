using System.Globalization;
using MySqlConnector;

namespace Rekor.Server.Storage.MySql;

/// <summary>
/// A data source name in the grammar of Go's MySQL driver, which rekor-server's <c>--search_index.mysql.dsn</c> takes:
/// <c>[user[:password]@][protocol[(address)]]/database[?param=value&amp;...]</c>, e.g.
/// <c>rekor:secret@tcp(db:3306)/rekor?parseTime=true</c> or <c>rekor@unix(/run/mysqld/mysqld.sock)/rekor</c>. The
/// parameters that mean something to a .NET connection (<c>tls</c>, <c>timeout</c>, <c>readTimeout</c>,
/// <c>writeTimeout</c>, <c>charset</c>) are translated; the Go-only ones (<c>parseTime</c>, <c>interpolateParams</c>,
/// <c>loc</c>, …) are accepted and ignored. The password is kept only inside the connection string; <see cref="ToString"/>
/// (what logs and errors show) never includes it.
/// </summary>
public sealed class GoMySqlDsn
{
    private static readonly HashSet<string> IgnoredParameters = new(StringComparer.Ordinal)
    {
        "parseTime", "interpolateParams", "loc", "collation", "maxAllowedPacket", "clientFoundRows", "columnsWithAlias",
        "multiStatements", "rejectReadOnly", "allowNativePasswords", "allowOldPasswords", "allowCleartextPasswords",
        "checkConnLiveness", "time_zone", "sql_mode", "autocommit",
    };

    private GoMySqlDsn(MySqlConnectionStringBuilder builder, string description)
    {
        Builder = builder;
        Description = description;
    }

    /// <summary>The connection settings (password included); pool sizes are set by the caller.</summary>
    public MySqlConnectionStringBuilder Builder { get; }

    /// <summary><c>user@protocol(address)/database</c>: what may be logged.</summary>
    public string Description { get; }

    public override string ToString() => Description;

    /// <summary>Parses <paramref name="dsn"/>, or says what is wrong with it (never echoing the password).</summary>
    public static bool TryParse(string dsn, out GoMySqlDsn? parsed, out string? problem)
    {
        parsed = null;
        problem = Parse(dsn ?? string.Empty, out var builder, out var description);
        if (problem is null)
        {
            parsed = new GoMySqlDsn(builder!, description!);
        }

        return problem is null;
    }

    public static GoMySqlDsn Parse(string dsn) =>
        TryParse(dsn, out var parsed, out var problem) ? parsed! : throw new FormatException("couldn't read the MySQL DSN: " + problem);

    private static string? Parse(string dsn, out MySqlConnectionStringBuilder? builder, out string? description)
    {
        builder = null;
        description = null;

        // As the Go driver: the database follows the last '/', the credentials end at the last '@' before it.
        var slash = dsn.LastIndexOf('/');
        if (slash < 0)
        {
            return "it has no '/database' part (expected user:password@tcp(host:port)/database)";
        }

        var query = dsn[(slash + 1)..];
        var questionMark = query.IndexOf('?', StringComparison.Ordinal);
        var database = Uri.UnescapeDataString(questionMark < 0 ? query : query[..questionMark]);
        var parameters = questionMark < 0 ? string.Empty : query[(questionMark + 1)..];
        var head = dsn[..slash];
        var at = head.LastIndexOf('@');
        var credentials = at < 0 ? string.Empty : head[..at];
        var endpoint = at < 0 ? head : head[(at + 1)..];
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? credentials : credentials[..colon];
        var password = colon < 0 ? string.Empty : credentials[(colon + 1)..];

        var result = new MySqlConnectionStringBuilder { UserID = user, Password = password, Database = database, CharacterSet = "utf8mb4" };
        var open = endpoint.IndexOf('(', StringComparison.Ordinal);
        var protocol = open < 0 ? endpoint : endpoint[..open];
        var address = string.Empty;
        if (open >= 0)
        {
            if (!endpoint.EndsWith(')'))
            {
                return $"the address of '{protocol}(' is not closed with ')'";
            }

            address = endpoint[(open + 1)..^1];
        }

        switch (protocol)
        {
            case "" or "tcp":
                var (host, port, hostProblem) = HostAndPort(address.Length == 0 ? "127.0.0.1:3306" : address);
                if (hostProblem is not null)
                {
                    return hostProblem;
                }

                result.Server = host;
                result.Port = port;
                break;
            case "unix":
                result.Server = address.Length == 0 ? "/tmp/mysql.sock" : address;
                result.ConnectionProtocol = MySqlConnectionProtocol.UnixSocket;
                break;
            default:
                return $"protocol '{protocol}' is not supported (use tcp or unix)";
        }

        foreach (var pair in parameters.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (ApplyParameter(result, name, value) is { } parameterProblem)
            {
                return parameterProblem;
            }
        }

        builder = result;
        description = $"{(user.Length == 0 ? string.Empty : user + "@")}{(protocol.Length == 0 ? "tcp" : protocol)}({(protocol == "unix" ? result.Server : $"{result.Server}:{result.Port}")})/{database}";
        return null;
    }

    private static string? ApplyParameter(MySqlConnectionStringBuilder builder, string name, string value)
    {
        switch (name)
        {
            case "tls":
                builder.SslMode = value switch
                {
                    "true" => MySqlSslMode.VerifyFull,
                    "skip-verify" => MySqlSslMode.Required,
                    "preferred" => MySqlSslMode.Preferred,
                    "false" or "" => MySqlSslMode.None,
                    _ => (MySqlSslMode)(-1),
                };
                return (int)builder.SslMode < 0 ? $"tls={value} is not supported (true, skip-verify, preferred or false; a named TLS config is Go-only)" : null;
            case "timeout":
                return Seconds(value, name, out var connect) ?? Assign(() => builder.ConnectionTimeout = connect);
            case "readTimeout" or "writeTimeout":
                return Seconds(value, name, out var command) ?? Assign(() => builder.DefaultCommandTimeout = Math.Max(builder.DefaultCommandTimeout, command));
            case "charset":
                builder.CharacterSet = value.Split(',')[0];
                return null;
            default:
                return IgnoredParameters.Contains(name) ? null : $"parameter '{name}' is not known";
        }
    }

    private static string? Assign(Action assign)
    {
        assign();
        return null;
    }

    /// <summary>A Go duration (<c>30s</c>, <c>500ms</c>, <c>1m30s</c>) rounded up to whole seconds, as the .NET driver counts.</summary>
    private static string? Seconds(string value, string name, out uint seconds)
    {
        var parsed = Configuration.GoDuration.TryParse(value, out var duration) && duration >= TimeSpan.Zero;
        seconds = parsed ? (uint)Math.Ceiling(duration.TotalSeconds) : 0;
        return parsed ? null : $"{name}={value} is not a duration such as 30s";
    }

    private static (string Host, uint Port, string? Problem) HostAndPort(string address)
    {
        // [v6]:port, host:port, or host alone (port 3306).
        var closing = address.LastIndexOf(']');
        var colon = address.LastIndexOf(':');
        if (colon < 0 || colon < closing)
        {
            return (address.Trim('[', ']'), 3306, null);
        }

        var host = address[..colon].Trim('[', ']');
        return uint.TryParse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? (host.Length == 0 ? "127.0.0.1" : host, port, null)
            : (host, 0, $"port '{address[(colon + 1)..]}' is not a TCP port");
    }
}
