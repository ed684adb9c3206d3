using Rekor.Core.Client;
using Rekor.Core.Verification;

namespace Rekor.Cli.Inputs;

/// <summary><c>--trusted-root</c>: the Rekor v1 log keys of a Sigstore <c>trusted_root.json</c>, trusted instead of the log's word.</summary>
internal static class TrustedRootFlag
{
    public static LogKeySource Source(string path)
    {
        try
        {
            return LogKeySource.Trusted(TrustedLogKeys.FromTrustedRoot(LocalFiles.ReadText(path, "--trusted-root")));
        }
        catch (FormatException e)
        {
            throw CliFailure.Usage($"--trusted-root {path}: {e.Message}");
        }
    }
}
