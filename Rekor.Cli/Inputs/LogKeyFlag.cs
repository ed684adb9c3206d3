using System.CommandLine;
using Rekor.Core.Client;
using Rekor.Core.Signing;
using Rekor.Core.Verification;

namespace Rekor.Cli.Inputs;

/// <summary>
/// <c>--log-public-key</c>: a PEM file of the log key to trust. Without it the key is the one the log serves for the
/// entry's tree ID (trust on first use, as rekor-cli), fetched once per tree.
/// </summary>
internal static class LogKeyFlag
{
    public static Option<string> Create() => new("--log-public-key")
    {
        Description = "PEM file of the log's public key to trust (default: fetched from the log for each tree ID)",
    };

    public static LogKeySource Source(CommandContext context, Option<string> option)
    {
        if (context.Parse.GetValue(option) is not { } path)
        {
            return LogKeySource.FromLog(context.Client);
        }

        return LogKey.TryFromPem(LocalFiles.ReadText(path, "--log-public-key"), out var key, out var error)
            ? LogKeySource.Trusted(new TrustedLogKeys(key))
            : throw CliFailure.Usage($"--log-public-key {path}: {error}");
    }
}
