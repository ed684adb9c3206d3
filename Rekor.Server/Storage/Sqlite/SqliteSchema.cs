namespace Rekor.Server.Storage.Sqlite;

/// <summary>The tables of the SQLite store. Idempotent: run at every start.</summary>
internal static class SqliteSchema
{
    public static readonly string Create = $$"""
        CREATE TABLE IF NOT EXISTS trees (
            tree_id INTEGER PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('active', 'inactive')),
            created INTEGER NOT NULL,
            position INTEGER NOT NULL UNIQUE
        );
        -- The key each tree is signed with (see TreeKey): written with the tree, never changed.
        CREATE TABLE IF NOT EXISTS tree_keys (
            tree_id INTEGER PRIMARY KEY REFERENCES trees (tree_id),
            public_key BLOB NOT NULL,
            signer TEXT
        );
        -- The commit point: a tree holds exactly the entries with idx < size.
        CREATE TABLE IF NOT EXISTS heads (
            tree_id INTEGER PRIMARY KEY REFERENCES trees (tree_id),
            size INTEGER NOT NULL,
            root BLOB NOT NULL,
            checkpoint TEXT
        );
        -- Every checkpoint ever committed, so proofs can name the signed state they are against.
        CREATE TABLE IF NOT EXISTS checkpoints (
            tree_id INTEGER NOT NULL,
            size INTEGER NOT NULL,
            root BLOB NOT NULL,
            checkpoint TEXT NOT NULL,
            PRIMARY KEY (tree_id, size)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS entries (
            tree_id INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            leaf_hash BLOB NOT NULL,
            body BLOB NOT NULL,
            integrated_time INTEGER NOT NULL,
            set_signature BLOB NOT NULL,
            index_keys TEXT, -- the entry's search keys (JSON array): the outbox of an index kept elsewhere
            PRIMARY KEY (tree_id, idx)
        );
        CREATE UNIQUE INDEX IF NOT EXISTS entries_by_leaf ON entries (tree_id, leaf_hash);
        -- Tile level L holds tree level {{Tile.Height}}L; width {{Tile.MaxWidth}} means full and immutable.
        CREATE TABLE IF NOT EXISTS tiles (
            tree_id INTEGER NOT NULL,
            level INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            width INTEGER NOT NULL CHECK (width BETWEEN 1 AND {{Tile.MaxWidth}}),
            hashes BLOB NOT NULL,
            PRIMARY KEY (tree_id, level, idx)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS search_index (
            entry_key TEXT NOT NULL,
            entry_id TEXT NOT NULL,
            PRIMARY KEY (entry_key, entry_id)
        ) WITHOUT ROWID;
        -- How far each index kept outside this database has been fed from the entries' index_keys.
        CREATE TABLE IF NOT EXISTS index_positions (
            consumer TEXT NOT NULL,
            tree_id INTEGER NOT NULL,
            next_idx INTEGER NOT NULL,
            PRIMARY KEY (consumer, tree_id)
        ) WITHOUT ROWID;
        """;

    /// <summary>Columns added after the first release, for databases created before them (SQLite has no ADD COLUMN IF NOT EXISTS).</summary>
    public static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        ("entries", "index_keys", "TEXT"),
    ];
}
