using Rekor.Core.Signing;
using Rekor.Server.Signing.Vault;

namespace Rekor.Server.Tests.Signing.Vault;

/// <summary>Settings and assertions shared by the Vault signer tests.</summary>
internal static class VaultTestSupport
{
    /// <summary>Settings for <paramref name="vault"/> with short retry delays, so fault tests run fast.</summary>
    public static VaultTransitSettings Settings(FakeVault vault, string? token = null) =>
        new(vault.Address, token ?? vault.Token)
        {
            MountPath = vault.MountPath,
            Timeout = TimeSpan.FromSeconds(5),
            Retries = 3,
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };

    public static async Task<VaultTransitSigner> OpenAsync(FakeVault vault, HttpClient http, string key = "rekor", VaultTransitSettings? settings = null) =>
        (VaultTransitSigner)await VaultTransitSigner.OpenAsync("hashivault://" + key, settings ?? Settings(vault), http, CancellationToken.None);

    /// <summary>The public key as the fake serves it for <paramref name="version"/>, read independently of the signer.</summary>
    public static LogKey PublicKeyOf(FakeTransitKey key, int version)
    {
        var text = key.Get(version)!.PublicKeyText!;
        return text.StartsWith("-----", StringComparison.Ordinal)
            ? LogKey.FromPem(text)
            : LogKey.FromSpki([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, .. Convert.FromBase64String(text)]);
    }

    /// <summary>Neither the exception nor any inner one (messages, stack traces) holds <paramref name="token"/>.</summary>
    public static void AssertNoToken(Exception e, string token) => Assert.DoesNotContain(token, e.ToString(), StringComparison.Ordinal);
}
