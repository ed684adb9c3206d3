namespace Rekor.Server.Storage.MySql;

/// <summary>
/// The tables of the MySQL store (MySQL 8, Cloud SQL, MariaDB 10.11): InnoDB, utf8mb4 named explicitly (a server's
/// default may be latin1), hashes in BINARY columns. Every statement is idempotent and run at every start; the
/// version row says which layout the database holds, so a later layout can migrate from it.
/// </summary>
internal static class MySqlSchema
{
    /// <summary>
    /// The layout this code writes. A database with a newer version is refused (it was migrated by newer code).
    /// 1: the first layout; 2: <c>tree_keys</c> (shards with keys of their own; an older server would serve them with its own key).
    /// </summary>
    public const int Version = 2;

    private const string Table = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";

    public static readonly string[] Create =
    [
        $"CREATE TABLE IF NOT EXISTS rekor_schema (id TINYINT PRIMARY KEY, version INT NOT NULL) {Table}",
        $"INSERT IGNORE INTO rekor_schema (id, version) VALUES (1, {Version})",
        $"""
        CREATE TABLE IF NOT EXISTS trees (
            tree_id BIGINT NOT NULL PRIMARY KEY,
            state VARCHAR(8) NOT NULL,
            created BIGINT NOT NULL,
            position INT NOT NULL UNIQUE
        ) {Table}
        """,

        // The key each tree is signed with (see TreeKey): written with the tree, never changed.
        $"""
        CREATE TABLE IF NOT EXISTS tree_keys (
            tree_id BIGINT NOT NULL PRIMARY KEY,
            public_key VARBINARY(4096) NOT NULL,
            signer VARCHAR(2048) NULL
        ) {Table}
        """,

        // The commit point, and the write lock: a batch locks its tree's row (SELECT ... FOR UPDATE) for its whole write.
        $"""
        CREATE TABLE IF NOT EXISTS heads (
            tree_id BIGINT NOT NULL PRIMARY KEY,
            size BIGINT NOT NULL,
            root BINARY(32) NOT NULL,
            checkpoint TEXT NULL
        ) {Table}
        """,
        $"""
        CREATE TABLE IF NOT EXISTS checkpoints (
            tree_id BIGINT NOT NULL,
            size BIGINT NOT NULL,
            root BINARY(32) NOT NULL,
            checkpoint TEXT NOT NULL,
            PRIMARY KEY (tree_id, size)
        ) {Table}
        """,
        $"""
        CREATE TABLE IF NOT EXISTS entries (
            tree_id BIGINT NOT NULL,
            idx BIGINT NOT NULL,
            leaf_hash BINARY(32) NOT NULL,
            body LONGBLOB NOT NULL,
            integrated_time BIGINT NOT NULL,
            set_signature VARBINARY(1024) NOT NULL,
            index_keys MEDIUMTEXT NULL,
            PRIMARY KEY (tree_id, idx),
            UNIQUE KEY entries_by_leaf (tree_id, leaf_hash)
        ) {Table}
        """,
        $"""
        CREATE TABLE IF NOT EXISTS tiles (
            tree_id BIGINT NOT NULL,
            level INT NOT NULL,
            idx BIGINT NOT NULL,
            width INT NOT NULL,
            hashes VARBINARY({Tile.MaxWidth * Rekor.Core.Merkle.Hash32.Length}) NOT NULL,
            PRIMARY KEY (tree_id, level, idx)
        ) {Table}
        """,
        $"""
        CREATE TABLE IF NOT EXISTS index_positions (
            consumer VARCHAR(191) NOT NULL,
            tree_id BIGINT NOT NULL,
            next_idx BIGINT NOT NULL,
            PRIMARY KEY (consumer, tree_id)
        ) {Table}
        """,

        // Every table of this version exists now; a database of an older version is migrated by the statements above.
        $"UPDATE rekor_schema SET version = {Version} WHERE id = 1 AND version < {Version}",
    ];

    /// <summary>Rekor's own search-index table, column for column (pkg/indexstorage/mysql), so either server reads the other's index.</summary>
    public const string EntryIndex = """
        CREATE TABLE IF NOT EXISTS EntryIndex (
            EntryKey varchar(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci NOT NULL,
            EntryUUID char(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
            PRIMARY KEY (EntryKey, EntryUUID)
        ) ENGINE=InnoDB
        """;
}
