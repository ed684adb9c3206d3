using System.Security.Cryptography;

namespace Rekor.Core.Signing;

/// <summary>
/// A log's private key could not be loaded; the message names the form being read (and the file, if any) and why.
/// A <see cref="CryptographicException"/>, so code that already handles those needs nothing new.
/// </summary>
public sealed class LogSigningKeyException : CryptographicException
{
    public LogSigningKeyException()
    {
    }

    public LogSigningKeyException(string message)
        : base(message)
    {
    }

    public LogSigningKeyException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
