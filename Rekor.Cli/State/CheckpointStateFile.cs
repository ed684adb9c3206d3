using System.Text.Json;

namespace Rekor.Cli.State;

/// <summary>
/// <c>state.json</c> in the state directory (default <c>~/.rekor</c>, as rekor-cli): a JSON object from key to the
/// last checkpoint (signed note text) that verified and was consistent with the one before. As rekor-cli keeps it:
/// under the tree ID (decimal), which names the log's tree wherever it is served from, and for the active tree also
/// under the server URL. A lookup with a tree ID uses only that key (after a shard rotation the server's previous
/// tree is another log, not an earlier state of this one). Only verified, consistent checkpoints are ever written (never one from a fork),
/// each write replaces the file whole (written aside, then moved), and the file is readable by its owner only.
/// </summary>
internal sealed class CheckpointStateFile
{
    public CheckpointStateFile(string directory)
    {
        Directory = directory;
        FilePath = Path.Combine(directory, "state.json");
    }

    public string Directory { get; }

    public string FilePath { get; }

    /// <summary>The checkpoint kept for tree <paramref name="treeId"/> (when the log names its tree), else for <paramref name="server"/>; null when none.</summary>
    public string? Load(string? treeId, Uri server) =>
        Read().GetValueOrDefault(string.IsNullOrEmpty(treeId) ? ServerKey(server) : treeId);

    /// <summary>Keeps <paramref name="checkpoint"/> for <paramref name="treeId"/> and, for the active tree, <paramref name="activeTreeOf"/>.</summary>
    public void Save(string? treeId, Uri? activeTreeOf, string checkpoint)
    {
        var state = Read();
        if (!string.IsNullOrEmpty(treeId))
        {
            state[treeId] = checkpoint;
        }

        if (activeTreeOf is not null)
        {
            state[ServerKey(activeTreeOf)] = checkpoint;
        }

        System.IO.Directory.CreateDirectory(Directory);
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    private static string ServerKey(Uri server) => server.AbsoluteUri.TrimEnd('/');

    private Dictionary<string, string> Read()
    {
        if (!File.Exists(FilePath))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(FilePath))
                ?? new Dictionary<string, string>(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw CliFailure.Usage($"couldn't read the checkpoint state {FilePath} (remove it to start afresh, losing the fork protection it gives): {e.Message}");
        }
    }
}
