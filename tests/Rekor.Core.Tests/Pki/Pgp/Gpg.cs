using System.Diagnostics;
using System.Text;

namespace Rekor.Core.Tests.Pki.Pgp;

/// <summary>
/// Runs the real <c>gpg</c> (GnuPG 2: Debian packages <c>gpg</c>, <c>gpg-agent</c>, <c>gpgconf</c>, all in <c>gnupg</c>)
/// against a throwaway home directory that is deleted on dispose. A machine without gpg fails the test that needs it,
/// saying so; nothing is skipped.
/// </summary>
internal sealed class Gpg : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("rekor-gpg-").FullName;

    /// <summary>The throwaway home directory, for tools that run gpg themselves (rpmsign's <c>_gpg_path</c>).</summary>
    public string Home => _home;

    /// <summary>
    /// <c>gpg --quick-gen-key</c> with no passphrase; <paramref name="fakedTime"/> (gpg's <c>yyyyMMddTHHmmss</c>) makes
    /// it as if at that moment. Returns the primary key's fingerprint.
    /// </summary>
    public string NewKey(string userId, string algorithm, string usage = "sign", string expire = "never", string? fakedTime = null)
    {
        Run([.. FakedTime(fakedTime), "--passphrase", "", "--quick-gen-key", userId, algorithm, usage, expire]);
        return Fingerprint(userId);
    }

    /// <summary><c>gpg --quick-add-key</c>: a subkey of <paramref name="algorithm"/> for <paramref name="usage"/>. Returns the subkey's fingerprint.</summary>
    public string AddSubkey(string fingerprint, string algorithm, string usage, string? fakedTime = null)
    {
        Run([.. FakedTime(fakedTime), "--passphrase", "", "--quick-add-key", fingerprint, algorithm, usage, "never"]);
        return Fingerprints(fingerprint, "fpr")[^1];
    }

    /// <summary><c>gpg --quick-add-uid</c>.</summary>
    public void AddUserId(string fingerprint, string userId) => Run(["--passphrase", "", "--quick-add-uid", fingerprint, userId]);

    /// <summary>Imports the revocation certificate gpg wrote when it made the key (so dated at the key's creation).</summary>
    public void Revoke(string fingerprint)
    {
        var certificate = File.ReadAllText(Path.Combine(_home, "openpgp-revocs.d", fingerprint + ".rev"))
            .Replace(":-----BEGIN PGP", "-----BEGIN PGP", StringComparison.Ordinal);
        Run(["--import"], Encoding.ASCII.GetBytes(certificate));
    }

    /// <summary><c>gpg --quick-set-expire</c> of the primary key, as if at <paramref name="fakedTime"/>.</summary>
    public void SetExpire(string fingerprint, string expire, string? fakedTime = null) =>
        Run([.. FakedTime(fakedTime), "--passphrase", "", "--quick-set-expire", fingerprint, expire]);

    /// <summary><c>gpg --export</c> of the named keys (all when none), armored or binary.</summary>
    public byte[] Export(bool armor, params string[] keys) => Run(["--export", .. ArmorOption(armor), .. keys]);

    /// <summary><c>gpg --export-secret-keys</c> of the named keys, armored or binary.</summary>
    public byte[] ExportSecret(bool armor, params string[] keys) =>
        Run(["--passphrase", "", "--export-secret-keys", .. ArmorOption(armor), .. keys]);

    /// <summary><c>gpg --detach-sign</c> of <paramref name="content"/> by <paramref name="signer"/>, armored or binary.</summary>
    public byte[] Sign(string signer, byte[] content, bool armor, string? fakedTime = null, bool textMode = false)
    {
        string[] textOption = textMode ? ["--textmode"] : [];
        return Run([.. FakedTime(fakedTime), "--passphrase", "", "--local-user", signer + "!", .. ArmorOption(armor), .. textOption, "--detach-sign"], content);
    }

    /// <summary><c>gpg --clearsign</c> of <paramref name="text"/> by <paramref name="signer"/>: a cleartext-signed message (RFC 4880 §7).</summary>
    public byte[] ClearSign(string signer, byte[] text) =>
        Run(["--passphrase", "", "--local-user", signer + "!", "--clearsign"], text);

    /// <summary>Stops the gpg-agent gpg started for this home (it would notice the deleted socket, but later), then deletes the home.</summary>
    public void Dispose()
    {
        try
        {
            using var stop = Process.Start(new ProcessStartInfo("gpgconf", ["--homedir", _home, "--kill", "gpg-agent"]) { RedirectStandardError = true });
            stop?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No gpgconf: the agent exits by itself once its socket is gone.
        }

        Directory.Delete(_home, recursive: true);
    }

    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);

    private string Fingerprint(string userId) => Fingerprints(userId, "fpr")[0];

    private List<string> Fingerprints(string key, string record) =>
        Text(Run(["--with-colons", "--fingerprint", "--fingerprint", key]))
            .Split('\n')
            .Where(line => line.StartsWith(record + ":", StringComparison.Ordinal))
            .Select(line => line.Split(':')[9])
            .ToList();

    private static string[] ArmorOption(bool armor) => armor ? ["--armor"] : [];

    private static string[] FakedTime(string? fakedTime) => fakedTime is null ? [] : ["--faked-system-time", fakedTime + "!", "--ignore-time-conflict"];

    private byte[] Run(string[] arguments, byte[]? input = null) =>
        ExternalTool.Run("gpg", "gnupg", ["--homedir", _home, "--batch", "--yes", "--no-tty", "--pinentry-mode", "loopback", .. arguments], input).Output;
}
