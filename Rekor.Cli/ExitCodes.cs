namespace Rekor.Cli;

/// <summary>
/// What the process's exit status means. Scripts branch on these, so a value never changes meaning; a command that
/// meets several failures reports the most serious (fork, then verification, then server).
/// </summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked and everything it checked verified.</summary>
    public const int Ok = 0;

    /// <summary>The command line was wrong (unknown flag, missing value, conflicting flags) or a local file unreadable.</summary>
    public const int Usage = 1;

    /// <summary>The log could not be reached, timed out, refused the request (its message is shown) or answered nonsense.</summary>
    public const int ServerError = 2;

    /// <summary>Something the log served did not verify: a SET, an inclusion proof, a checkpoint signature, a body hash,
    /// an entry other than the one asked for, or a malformed proof.</summary>
    public const int VerificationFailed = 3;

    /// <summary>The log's signed checkpoints do not form one append-only history: it shrank, changed a root, or cannot
    /// prove consistency with the checkpoint kept from before. Someone is being shown a different log.</summary>
    public const int ForkDetected = 4;

    /// <summary>The table shown in every command's --help.</summary>
    public const string HelpText = "Exit codes: 0 ok, 1 usage, 2 server/network, 3 verification failed, 4 fork detected.";

    /// <summary>The long form, in the root command's --help.</summary>
    public const string LongHelpText =
        "Exit codes: 0 ok; 1 usage error or unreadable local file; 2 server or network error (the log's message is shown); 3 verification failed; 4 fork detected (the log is not append-only).";
}
