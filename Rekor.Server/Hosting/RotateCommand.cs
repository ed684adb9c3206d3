using System.Globalization;
using Rekor.Server.Configuration;
using Rekor.Server.Log;
using Rekor.Server.Signing;
using Rekor.Server.Storage;

namespace Rekor.Server.Hosting;

/// <summary>
/// <c>rekor-server rotate [--new-tree-id=N] [the server's flags]</c>: shard rotation while the servers keep running
/// (<see cref="ShardRotation"/>). The signer flags name the new tree's key: the servers' own key to keep it, or
/// another to change keys (a KMS URI or key file every server can open; the store records it and the servers
/// switch to it). An operator command run against the store, never reachable through the API.
/// </summary>
public static class RotateCommand
{
    public const string Name = "rotate";

    private const string NewTreeIdFlag = "--new-tree-id";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var (newTreeId, rest, flagProblem) = TakeNewTreeId(args);
        var (options, problems) = OperatorCommandOptions.Read(rest);
        if (flagProblem is not null)
        {
            problems.Add(flagProblem);
        }

        if (string.Equals(options.Signer, "memory", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("rotate: a memory signer is lost when this command exits; name the new tree's key with --rekor_server.signer (a KMS URI or a key file)");
        }
        else if (string.IsNullOrEmpty(options.Signer) && !File.Exists(options.SignerPath))
        {
            problems.Add($"rotate: there is no key at {options.SignerPath} (the servers' generated key); name the new tree's key with --rekor_server.signer");
        }

        if (problems.Count > 0)
        {
            return StartupFailure.Report(problems);
        }

        try
        {
            var opened = await LogSigners.OpenAsync(options, cancellationToken);
            await using var storage = StorageBackends.CreateLogStorage(options);
            await storage.InitializeAsync(cancellationToken);
            output.WriteLine($"rotate: {options.DescribeLogStorage()}; the new tree is signed by {opened.Description} (log ID {opened.Signer.PublicKey.LogId.ToHex()})");
            var result = await ShardRotation.RotateAsync(storage, options.EffectiveHostname, opened.Signer, LogSigners.ShareableReference(options), newTreeId, cancellationToken);
            output.WriteLine($"rotate: tree {result.FrozenTreeId} is frozen at size {result.FrozenSize}, root {result.FrozenRoot.ToHex()}");
            output.WriteLine($"rotate: tree {result.ActiveTreeId} is active; running servers move to it at their next batch or within a poll interval");
            output.WriteLine($"rotate: set TREE_ID / --trillian_log_server.tlog_id to {result.ActiveTreeId} in the deployment (servers started with the old ID follow the store meanwhile)");
            return 0;
        }
        catch (Exception e) when (e is StorageUnavailableException or InvalidOperationException or IOException or FormatException
            or Rekor.Core.Signing.LogSigningKeyException or System.Data.Common.DbException)
        {
            Console.Error.WriteLine("rekor-server rotate: " + e.Message);
            return StartupFailure.CouldNotStartExitCode;
        }
    }

    /// <summary>Splits <c>--new-tree-id N</c> / <c>--new-tree-id=N</c> (a positive tree ID) off the server's flags.</summary>
    private static (long TreeId, List<string> Others, string? Problem) TakeNewTreeId(IReadOnlyList<string> args)
    {
        var rest = new List<string>(args.Count);
        string? value = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == NewTreeIdFlag && i + 1 < args.Count)
            {
                value = args[++i];
            }
            else if (args[i].StartsWith(NewTreeIdFlag + "=", StringComparison.Ordinal))
            {
                value = args[i][(NewTreeIdFlag.Length + 1)..];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        if (value is null)
        {
            return (0, rest, null);
        }

        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var treeId) && treeId > 0
            ? (treeId, rest, null)
            : (0, rest, $"{NewTreeIdFlag} must be a positive 64-bit tree ID, not '{value}'");
    }
}
