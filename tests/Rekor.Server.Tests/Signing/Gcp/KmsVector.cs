namespace Rekor.Server.Tests.Signing.Gcp;

/// <summary>The shared KMS test vector (../shared/reference/kms-wire.md §0): an ECDSA P-256 signature over a digest.</summary>
internal static class KmsVector
{
    public const string Message = "synthetic checkpoint body\n";
    public const string DigestHex = "7bb9c9db630c31330e108699e9f22144a8bd38a783531efa39ed378df0f5a3fa";
    public const string DigestBase64 = "e7nJ22MMMTMOEIaZ6fIhRKi9OKeDUx76Oe03jfD1o/o=";
    public const string DigestCrc32c = "3868753934";
    public const string SignatureBase64 = "MEUCIQCEMj/2MdGKVG9sWvtTSQvUeFiDOieTLo5F6Z9A8EsrYQIgUsFv1eez5g3UQ125tMA1XNmOvrIUJEThBt73DXZ7LuQ=";

    public const string PublicKeyPem =
        "-----BEGIN PUBLIC KEY-----\n" +
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAErMeh6HQXIyrSGOwC7FcGOWr+DMSM\n" +
        "QIhu/eqt8d9uf5aWcANtn3ljevfMKXh9YDqs7IIV7K/3JYQVMHiODguBpw==\n" +
        "-----END PUBLIC KEY-----\n";
}
