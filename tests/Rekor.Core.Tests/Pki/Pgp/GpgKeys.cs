using System.Text;

namespace Rekor.Core.Tests.Pki.Pgp;

/// <summary>One key made by gpg: its fingerprint, its exports and its detached signatures over <see cref="GpgKeys.Content"/>.</summary>
public sealed record GpgKey(string Name, string Fingerprint, byte[] ArmoredKey, byte[] BinaryKey, byte[] ArmoredSignature, byte[] BinarySignature);

/// <summary>
/// Keys made once per test class by the real gpg (slow-ish), in a throwaway home: ed25519, rsa3072 and nistp256 primary
/// keys that sign; an ed25519 certify-only primary with a signing subkey; and a key whose expiry was set (as if on
/// 2020-01-02, to two days after its creation on 2020-01-01) after it signed on 2020-01-05.
/// </summary>
public sealed class GpgKeys : IDisposable
{
    public static readonly byte[] Content = Encoding.UTF8.GetBytes("an artifact to be logged\n");

    /// <summary>Lines ending in line feeds, which a text-mode signature hashes as CR LF.</summary>
    public static readonly byte[] TextContent = Encoding.UTF8.GetBytes("line one\nline two\n");

    private readonly Gpg _gpg = new();

    public GpgKeys()
    {
        Ed25519 = Make("Alice <alice@example.com>", "ed25519");
        Rsa = Make("Bob <bob@example.com>", "rsa3072");
        Ecdsa = Make("Carol <carol@example.com>", "nistp256");

        var dave = _gpg.NewKey("Dave <dave@example.com>", "ed25519", usage: "cert");
        SubkeyFingerprint = _gpg.AddSubkey(dave, "ed25519", "sign");
        Subkey = Exported("Dave", dave, signer: SubkeyFingerprint);

        var old = _gpg.NewKey("Old <old@example.com>", "ed25519", fakedTime: "20200101T000000");
        var oldArmored = _gpg.Sign(old, Content, armor: true, fakedTime: "20200105T000000");
        var oldBinary = _gpg.Sign(old, Content, armor: false, fakedTime: "20200105T000000");
        _gpg.SetExpire(old, "1d", fakedTime: "20200102T000000");
        Expired = new GpgKey("Old", old, _gpg.Export(true, old), _gpg.Export(false, old), oldArmored, oldBinary);

        var revoked = _gpg.NewKey("Rev <rev@example.com>", "ed25519", fakedTime: "20200101T000000");
        var revokedSignature = _gpg.Sign(revoked, Content, armor: false, fakedTime: "20200105T000000");
        _gpg.Revoke(revoked);
        Revoked = new GpgKey("Rev", revoked, _gpg.Export(true, revoked), _gpg.Export(false, revoked), revokedSignature, revokedSignature);

        var renewed = _gpg.NewKey("Renewed <renewed@example.com>", "ed25519", fakedTime: "20200101T000000");
        var renewedSignature = _gpg.Sign(renewed, Content, armor: false, fakedTime: "20200105T000000");
        _gpg.SetExpire(renewed, "never", fakedTime: "20200110T000000");
        Renewed = new GpgKey("Renewed", renewed, _gpg.Export(true, renewed), _gpg.Export(false, renewed), renewedSignature, renewedSignature);
        TextModeSignature = _gpg.Sign(renewed, TextContent, armor: true, textMode: true);

        var eve = _gpg.NewKey("Eve <eve@example.com>", "ed25519");
        _gpg.AddSubkey(eve, "cv25519", "encr");
        _gpg.AddUserId(eve, "Eve at work <eve@work.example>");
        _gpg.AddUserId(eve, "No Email Here");
        Encrypting = Exported("Eve", eve);
        ArmoredSecretWithEncryptionSubkey = _gpg.ExportSecret(true, eve);

        ArmoredKeyRing = _gpg.Export(true, Ed25519.Fingerprint, Rsa.Fingerprint, Ecdsa.Fingerprint);
        BinaryKeyRing = _gpg.Export(false, Ed25519.Fingerprint, Rsa.Fingerprint, Ecdsa.Fingerprint);
        ArmoredSecretEd25519 = _gpg.ExportSecret(true, Ed25519.Fingerprint);
    }

    public GpgKey Ed25519 { get; }

    public GpgKey Rsa { get; }

    public GpgKey Ecdsa { get; }

    /// <summary>Signatures made by the signing subkey <see cref="SubkeyFingerprint"/> of a certify-only primary.</summary>
    public GpgKey Subkey { get; }

    public string SubkeyFingerprint { get; }

    /// <summary>Signed on 2020-01-05 by a key that expired on 2020-01-03.</summary>
    public GpgKey Expired { get; }

    /// <summary>Signed on 2020-01-05 by a key revoked (without a reason) on 2020-01-01, when it was made.</summary>
    public GpgKey Revoked { get; }

    /// <summary>Signed on 2020-01-05; on 2020-01-10 its self-signature was renewed (set to never expire).</summary>
    public GpgKey Renewed { get; }

    /// <summary>A <c>--textmode</c> (signature type 0x01) armored signature of <see cref="TextContent"/> by <see cref="Renewed"/>, made now.</summary>
    public byte[] TextModeSignature { get; }

    /// <summary>An ed25519 signing key with a cv25519 encryption subkey and three user IDs, two with an email address.</summary>
    public GpgKey Encrypting { get; }

    /// <summary><see cref="Encrypting"/>'s secret key block (no passphrase).</summary>
    public byte[] ArmoredSecretWithEncryptionSubkey { get; }

    /// <summary>The ed25519, RSA and ECDSA keys in one armored block (gpg's export of several keys).</summary>
    public byte[] ArmoredKeyRing { get; }

    public byte[] BinaryKeyRing { get; }

    /// <summary>The ed25519 key's secret key block (no passphrase).</summary>
    public byte[] ArmoredSecretEd25519 { get; }

    public IEnumerable<GpgKey> SigningKeys => [Ed25519, Rsa, Ecdsa, Subkey];

    public GpgKey this[string name] => SigningKeys.Single(k => k.Name == name);

    public void Dispose() => _gpg.Dispose();

    private GpgKey Make(string userId, string algorithm) => Exported(algorithm, _gpg.NewKey(userId, algorithm));

    private GpgKey Exported(string name, string fingerprint, string? signer = null) => new(
        name, fingerprint, _gpg.Export(true, fingerprint), _gpg.Export(false, fingerprint),
        _gpg.Sign(signer ?? fingerprint, Content, armor: true), _gpg.Sign(signer ?? fingerprint, Content, armor: false));
}
