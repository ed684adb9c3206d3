using MySqlConnector;
using Rekor.Core.Merkle;
using Rekor.Core.Verification;
using Rekor.Server.Storage;
using Rekor.Server.Storage.MySql;
using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Storage;

/// <summary>
/// What only the MySQL store has: Go-driver DSNs, its schema (InnoDB, utf8mb4, a version row, Rekor's EntryIndex
/// column for column) and an unreachable database surfacing as <see cref="StorageUnavailableException"/>.
/// (The <see cref="ILogStorage"/> contract itself runs in <see cref="MariaDbLogStorageContractTests"/>.)
/// </summary>
public sealed class MySqlStorageTests
{
    private const long Tree = 42;

    /// <summary>Every table of the store, Rekor's EntryIndex included (keepsSearchIndex).</summary>
    private static readonly string[] Tables = ["checkpoints", "entries", "EntryIndex", "heads", "index_positions", "rekor_schema", "tiles", "tree_keys", "trees"];

    [Fact]
    public void A_tcp_dsn_gives_host_port_user_password_and_database()
    {
        var dsn = GoMySqlDsn.Parse("rekor:secret@tcp(db.example:3307)/rekor_log");

        Assert.Equal(("db.example", 3307u, "rekor", "secret", "rekor_log"), (dsn.Builder.Server, dsn.Builder.Port, dsn.Builder.UserID, dsn.Builder.Password, dsn.Builder.Database));
        Assert.Equal(MySqlConnectionProtocol.Sockets, dsn.Builder.ConnectionProtocol);
        Assert.Equal("utf8mb4", dsn.Builder.CharacterSet);
    }

    [Fact]
    public void A_tcp_dsn_without_a_port_uses_3306()
    {
        var dsn = GoMySqlDsn.Parse("rekor:secret@tcp(db.example)/rekor");

        Assert.Equal(("db.example", 3306u), (dsn.Builder.Server, dsn.Builder.Port));
    }

    [Fact]
    public void A_unix_socket_dsn_connects_through_the_socket()
    {
        var dsn = GoMySqlDsn.Parse("rekor@unix(/run/mysqld/mysqld.sock)/rekor");

        Assert.Equal(MySqlConnectionProtocol.UnixSocket, dsn.Builder.ConnectionProtocol);
        Assert.Equal("/run/mysqld/mysqld.sock", dsn.Builder.Server);
        Assert.Equal("rekor@unix(/run/mysqld/mysqld.sock)/rekor", dsn.Description);
    }

    [Fact]
    public void A_password_may_hold_colons_and_at_signs()
    {
        var dsn = GoMySqlDsn.Parse("rekor:p:ss@w@rd@tcp(db:3306)/rekor");

        Assert.Equal(("rekor", "p:ss@w@rd", "db"), (dsn.Builder.UserID, dsn.Builder.Password, dsn.Builder.Server));
        Assert.Equal("rekor@tcp(db:3306)/rekor", dsn.ToString());
    }

    [Fact]
    public void Parameters_only_the_go_driver_understands_are_ignored()
    {
        var dsn = GoMySqlDsn.Parse("rekor:secret@tcp(db:3306)/rekor?parseTime=true&interpolateParams=true&loc=Local&collation=utf8mb4_general_ci&charset=utf8mb4,utf8");

        Assert.Equal("rekor", dsn.Builder.Database);
        Assert.Equal("utf8mb4", dsn.Builder.CharacterSet);
    }

    [Fact]
    public void An_unknown_parameter_is_refused_by_name()
    {
        Assert.False(GoMySqlDsn.TryParse("rekor:secret@tcp(db:3306)/rekor?frobnicate=1", out var parsed, out var problem));

        Assert.Null(parsed);
        Assert.Contains("frobnicate", problem);
        Assert.Throws<FormatException>(() => GoMySqlDsn.Parse("rekor:secret@tcp(db:3306)/rekor?frobnicate=1"));
    }

    [Theory]
    [InlineData("true", MySqlSslMode.VerifyFull)]
    [InlineData("skip-verify", MySqlSslMode.Required)]
    [InlineData("preferred", MySqlSslMode.Preferred)]
    [InlineData("false", MySqlSslMode.None)]
    public void Tls_values_map_to_ssl_modes(string tls, MySqlSslMode expected) =>
        Assert.Equal(expected, GoMySqlDsn.Parse($"rekor:secret@tcp(db:3306)/rekor?tls={tls}").Builder.SslMode);

    [Fact]
    public void A_named_tls_config_is_refused()
    {
        Assert.False(GoMySqlDsn.TryParse("rekor:secret@tcp(db:3306)/rekor?tls=custom", out _, out var problem));
        Assert.Contains("tls=custom", problem);
    }

    [Fact]
    public void Timeouts_are_go_durations_in_whole_seconds()
    {
        Assert.Equal(5u, GoMySqlDsn.Parse("rekor:secret@tcp(db:3306)/rekor?timeout=5s").Builder.ConnectionTimeout);
        Assert.Equal(1u, GoMySqlDsn.Parse("rekor:secret@tcp(db:3306)/rekor?timeout=500ms").Builder.ConnectionTimeout);
        Assert.Equal(120u, GoMySqlDsn.Parse("rekor:secret@tcp(db:3306)/rekor?readTimeout=2m").Builder.DefaultCommandTimeout);
        Assert.False(GoMySqlDsn.TryParse("rekor:secret@tcp(db:3306)/rekor?timeout=5", out _, out _));
    }

    [Theory]
    [InlineData("rekor:hunter2@tcp(db:3306)/rekor?parseTime=true")]
    [InlineData("rekor:hunter2@unix(/run/mysqld/mysqld.sock)/rekor")]
    [InlineData("rekor:x:hunter2@@tcp(db)/rekor")]
    public void The_description_never_holds_the_password(string text)
    {
        var dsn = GoMySqlDsn.Parse(text);

        Assert.DoesNotContain("hunter2", dsn.Description);
        Assert.DoesNotContain("hunter2", dsn.ToString());
        Assert.Contains("hunter2", dsn.Builder.Password);
    }

    [Theory]
    [InlineData("rekor:hunter2@tcp(db:99999)/rekor")]
    [InlineData("rekor:hunter2@tcp(db:3306/rekor")]
    [InlineData("rekor:hunter2@udp(db:3306)/rekor")]
    [InlineData("rekor:hunter2@tcp(db:3306)/rekor?tls=maybe")]
    [InlineData("rekor:hunter2@tcp(db:3306)")]
    public void A_refused_dsn_is_explained_without_the_password(string text)
    {
        var error = Assert.Throws<FormatException>(() => GoMySqlDsn.Parse(text));

        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public async Task Every_table_is_InnoDB_in_utf8mb4_even_in_a_latin1_database()
    {
        var (server, database) = await Latin1DatabaseAsync();
        await using var storage = Open(server, database);
        await storage.InitializeAsync(CancellationToken.None);

        var tables = await QueryAsync(server, database, "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME", r => (r.GetString(0), r.GetString(1), r.GetString(2)));

        Assert.Equal(Tables.Order(StringComparer.OrdinalIgnoreCase), tables.Select(t => t.Item1), StringComparer.OrdinalIgnoreCase);
        Assert.All(tables, t => Assert.Equal("InnoDB", t.Item2));

        // EntryIndex names its columns' character sets itself, as Rekor's table does; every other table is utf8mb4.
        Assert.All(tables.Where(t => t.Item1 != "EntryIndex"), t => Assert.StartsWith("utf8mb4_", t.Item3, StringComparison.Ordinal));
        var textColumns = await QueryAsync(server, database, "SELECT TABLE_NAME, COLUMN_NAME, CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND CHARACTER_SET_NAME IS NOT NULL", r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        Assert.All(textColumns.Where(c => c.Item2 != "EntryUUID"), c => Assert.Equal("utf8mb4", c.Item3));
    }

    [Fact]
    public async Task The_schema_version_is_current_and_initializing_again_changes_nothing()
    {
        var server = await MariaDbInstance.SharedAsync();
        var database = await server.CreateDatabaseAsync("schema");
        await using var storage = Open(server, database);
        await storage.InitializeAsync(CancellationToken.None);
        await storage.CreateTreeAsync(Tree, TreeState.Active, Rfc6962.EmptyRoot, "empty", null, CancellationToken.None);
        await storage.CommitBatchAsync(OneEntry(["sha256:abcd"]), CancellationToken.None);

        await storage.InitializeAsync(CancellationToken.None);
        await using (var again = Open(server, database))
        {
            await again.InitializeAsync(CancellationToken.None);
        }

        Assert.Equal([(1, 2)], await QueryAsync(server, database, "SELECT id, version FROM rekor_schema", r => (r.GetInt32(0), r.GetInt32(1))));
        Assert.Equal(1, (await storage.ReadHeadAsync(Tree, CancellationToken.None))!.Size);
        Assert.Single(await storage.ListTreesAsync(CancellationToken.None));
        Assert.Equal([1L], await QueryAsync(server, database, "SELECT COUNT(*) FROM EntryIndex", r => r.GetInt64(0)));
    }

    [Fact]
    public async Task A_version_1_database_is_migrated_to_version_2_keeping_its_trees_without_keys()
    {
        var server = await MariaDbInstance.SharedAsync();
        var database = await server.CreateDatabaseAsync("schema1");
        await using (var first = Open(server, database))
        {
            await first.InitializeAsync(CancellationToken.None);
            await first.CreateTreeAsync(Tree, TreeState.Active, Rfc6962.EmptyRoot, "empty", null, CancellationToken.None);
        }

        // What version 1 left: no tree_keys table, version row 1.
        await QueryAsync(server, database, "DROP TABLE tree_keys", _ => 0);
        await QueryAsync(server, database, "UPDATE rekor_schema SET version = 1", _ => 0);

        await using var storage = Open(server, database);
        await storage.InitializeAsync(CancellationToken.None);

        Assert.Equal([2], await QueryAsync(server, database, "SELECT version FROM rekor_schema", r => r.GetInt32(0)));
        var tree = Assert.Single(await storage.ListTreesAsync(CancellationToken.None));
        Assert.Null(tree.Key);
        var key = new TreeKey([1, 2, 3], "gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k");
        Assert.Equal(key.PublicKeySpki, (await storage.RecordTreeKeyAsync(Tree, key, CancellationToken.None)).PublicKeySpki);
    }

    [Fact]
    public async Task EntryIndex_has_exactly_rekors_columns_and_primary_key()
    {
        var server = await MariaDbInstance.SharedAsync();
        var database = await server.CreateDatabaseAsync("entryindex");
        await using var storage = Open(server, database);
        await storage.InitializeAsync(CancellationToken.None);

        var columns = await QueryAsync(
            server,
            database,
            "SELECT COLUMN_NAME, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'EntryIndex' ORDER BY ORDINAL_POSITION",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));
        var key = await QueryAsync(
            server,
            database,
            "SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'EntryIndex' AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
            r => r.GetString(0));

        Assert.Equal(
            [("EntryKey", "varchar(512)", "utf8mb4", "utf8mb4_general_ci", "NO"), ("EntryUUID", "char(80)", "ascii", "ascii_bin", "NO")],
            columns);
        Assert.Equal(["EntryKey", "EntryUUID"], key);
    }

    [Fact]
    public async Task A_row_written_the_way_rekor_writes_it_is_found_case_insensitively()
    {
        var server = await MariaDbInstance.SharedAsync();
        var database = await server.CreateDatabaseAsync("rekorrow");
        await using var storage = Open(server, database);
        await storage.InitializeAsync(CancellationToken.None);
        var lowered = EntryId.ForTree(Tree, Rfc6962.HashLeaf("lowered"u8)).ToString();
        var mixed = EntryId.ForTree(Tree, Rfc6962.HashLeaf("mixed"u8)).ToString();
        await QueryAsync(server, database, $"INSERT IGNORE INTO EntryIndex (EntryKey, EntryUUID) VALUES ('sha256:abcd', '{lowered}'), ('Alice@Example.COM', '{mixed}')", _ => 0);
        await QueryAsync(server, database, $"INSERT IGNORE INTO EntryIndex (EntryKey, EntryUUID) VALUES ('sha256:abcd', '{lowered}')", _ => 0);

        await using var index = new MySqlSearchIndex(GoMySqlDsn.Parse(server.GoDsn(database)), new MySqlPoolOptions(), inLogTransaction: true);

        Assert.Equal([lowered], await index.LookupAsync(["SHA256:ABCD"], CancellationToken.None));
        Assert.Equal([mixed], await index.LookupAsync(["alice@example.com"], CancellationToken.None));
        Assert.Equal(new[] { lowered, mixed }.Order(StringComparer.Ordinal), await index.LookupAsync(["sha256:abcd", "ALICE@EXAMPLE.COM", "absent"], CancellationToken.None));
    }

    [Fact]
    public async Task Keys_written_with_a_batch_are_lowercased_beside_the_80_hex_entry_id()
    {
        var server = await MariaDbInstance.SharedAsync();
        var database = await server.CreateDatabaseAsync("lowered");
        await using var storage = Open(server, database);
        await storage.InitializeAsync(CancellationToken.None);
        await storage.CreateTreeAsync(Tree, TreeState.Active, Rfc6962.EmptyRoot, "empty", null, CancellationToken.None);
        var batch = OneEntry(["SHA256:ABCD", "Alice@Example.COM"]);

        await storage.CommitBatchAsync(batch, CancellationToken.None);

        var id = EntryId.ForTree(Tree, batch.Entries[0].LeafHash).ToString();
        var rows = await QueryAsync(server, database, "SELECT CAST(EntryKey AS BINARY), EntryUUID FROM EntryIndex ORDER BY 1", r => (System.Text.Encoding.UTF8.GetString((byte[])r[0]), r.GetString(1)));
        Assert.Equal([("alice@example.com", id), ("sha256:abcd", id)], rows);
    }

    [Fact]
    public async Task A_stopped_database_is_unavailable_without_the_password_and_the_same_store_works_once_it_is_back()
    {
        await using var server = await MariaDbInstance.StartAsync();
        var database = await server.CreateDatabaseAsync("outage");
        await using var storage = Open(server, database);
        await storage.InitializeAsync(CancellationToken.None);
        await storage.CreateTreeAsync(Tree, TreeState.Active, Rfc6962.EmptyRoot, "empty", null, CancellationToken.None);
        await storage.CommitBatchAsync(OneEntry([]), CancellationToken.None);

        await server.StopAsync();

        var read = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadHeadAsync(Tree, CancellationToken.None));
        var write = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.BeginWriteAsync(Tree, CancellationToken.None));
        Assert.All([read, write], e => Assert.DoesNotContain(server.Password, e.ToString(), StringComparison.Ordinal));

        await server.StartAgainAsync();

        Assert.Equal(1, (await storage.ReadHeadAsync(Tree, CancellationToken.None))!.Size);
        await using var next = await storage.BeginWriteAsync(Tree, CancellationToken.None);
        Assert.Equal(BatchRejection.None, await next.CommitAsync(OneEntry([], expectedSize: 1), CancellationToken.None));
    }

    private static MySqlLogStorage Open(MariaDbInstance server, string database) =>
        new(GoMySqlDsn.Parse(server.GoDsn(database)), new MySqlPoolOptions(), keepsSearchIndex: true);

    /// <summary>A database whose default character set is latin1, as some servers' is (the helper's are utf8mb4).</summary>
    private static async Task<(MariaDbInstance Server, string Database)> Latin1DatabaseAsync()
    {
        var server = await MariaDbInstance.SharedAsync();
        var database = await server.CreateDatabaseAsync("latin1");
        await QueryAsync(server, database, $"ALTER DATABASE `{database}` CHARACTER SET latin1 COLLATE latin1_swedish_ci", _ => 0);
        return (server, database);
    }

    private static async Task<List<T>> QueryAsync<T>(MariaDbInstance server, string database, string sql, Func<MySqlDataReader, T> row)
    {
        await using var connection = new MySqlConnection(server.ConnectionString(database).ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    private static BatchWrite OneEntry(IReadOnlyList<string> keys, long expectedSize = 0)
    {
        var body = System.Text.Encoding.UTF8.GetBytes("entry " + expectedSize);
        var entry = new NewEntry(expectedSize, Rfc6962.HashLeaf(body), body, 1_700_000_000, [1, 2, 3], keys);
        var tile = new Tile(0, 0, (int)expectedSize + 1, new byte[(expectedSize + 1) * 32]);
        return new BatchWrite(Tree, expectedSize, [entry], [tile], new TreeHead(Tree, expectedSize + 1, Rfc6962.HashLeaf(body), "checkpoint " + (expectedSize + 1)));
    }
}
