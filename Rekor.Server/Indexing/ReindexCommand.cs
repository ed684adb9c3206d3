using Rekor.Server.Configuration;
using Rekor.Server.Hosting;
using Rekor.Server.Storage;

namespace Rekor.Server.Indexing;

/// <summary>
/// <c>rekor-server reindex [the server's flags]</c>: rebuilds the configured search index from the log, every tree from
/// its first entry, printing progress. An operator command run against the store (never reachable through the API).
/// Safe while servers run: index writes are idempotent, and a separate index's feeder simply finds less to do. It adds
/// every key the log's entries hold and removes none.
/// </summary>
public static class ReindexCommand
{
    public const string Name = "reindex";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (options, problems) = OperatorCommandOptions.Read(args);
        if (problems.Count > 0)
        {
            return StartupFailure.Report(problems);
        }

        await using var storage = StorageBackends.CreateLogStorage(options);
        var index = StorageBackends.CreateSearchIndex(options);
        try
        {
            if (index is not ISearchIndexWriter writer)
            {
                throw new InvalidOperationException($"the search index {options.DescribeSearchIndex()} cannot be written outside the log");
            }

            await storage.InitializeAsync(cancellationToken);
            await writer.PrepareAsync(cancellationToken);

            // A separate index restarts its feeder's own position (the feeders of running servers resume from it); an
            // index in the log's database is rebuilt under a position of its own.
            var consumer = index.WrittenInLogTransaction ? "rebuild:" + writer.Consumer : writer.Consumer;
            var outbox = new IndexOutbox(storage, writer, consumer);
            output.WriteLine($"reindex: {options.DescribeLogStorage()} -> {options.DescribeSearchIndex()}");
            var total = 0L;
            foreach (var tree in await storage.ListTreesAsync(cancellationToken))
            {
                var size = (await storage.ReadHeadAsync(tree.TreeId, cancellationToken))?.Size ?? 0;
                await outbox.ResetAsync(tree.TreeId, cancellationToken);
                var lastReported = 0L;
                total += await outbox.DrainAsync(
                    tree.TreeId,
                    done =>
                    {
                        if (done - lastReported >= 10_000 || done >= size)
                        {
                            lastReported = done;
                            output.WriteLine($"reindex: tree {tree.TreeId}: {done} of {size} entries");
                        }
                    },
                    cancellationToken);
            }

            output.WriteLine($"reindex: done, {total} entries written");
            return 0;
        }
        catch (Exception e) when (e is StorageUnavailableException or InvalidOperationException)
        {
            Console.Error.WriteLine("rekor-server reindex: " + e.Message);
            return StartupFailure.CouldNotStartExitCode;
        }
        finally
        {
            if (index is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}
