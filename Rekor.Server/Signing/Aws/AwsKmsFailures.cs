using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Rekor.Server.Storage;

namespace Rekor.Server.Signing.Aws;

/// <summary>
/// Turns what the AWS SDK throws (after its own retries) into the two failures callers act on:
/// <see cref="StorageUnavailableException"/> when KMS is throttling, failing (5xx) or unreachable (the request may be
/// retried later: the API answers 503), and <see cref="InvalidOperationException"/> when KMS refuses for good (access
/// denied, unknown key, disabled key, wrong key usage). Messages name the operation and key, never credentials.
/// </summary>
internal static class AwsKmsFailures
{
    /// <summary>Error codes that mean "try again later" even when a 4xx status carries them.</summary>
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "RequestLimitExceeded",
        "TooManyRequestsException",
        "LimitExceededException",
        "KMSInternalException",
        "DependencyTimeoutException",
        "KeyUnavailableException",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "InternalFailure",
        "RequestTimeout",
        "RequestTimeoutException",
    };

    /// <summary>The exception to throw for <paramref name="failure"/> met while doing <paramref name="action"/>, or
    /// null when it is the caller's own cancellation (which propagates unchanged).</summary>
    public static Exception? Translate(Exception failure, string action, CancellationToken ct)
    {
        if (failure is OperationCanceledException && ct.IsCancellationRequested)
        {
            return null;
        }

        switch (failure)
        {
            case AmazonServiceException service:
                var code = string.IsNullOrEmpty(service.ErrorCode) ? "(no error code)" : service.ErrorCode;
                var status = (int)service.StatusCode;
                if (TransientCodes.Contains(code) || status >= 500 || service.StatusCode == HttpStatusCode.TooManyRequests
                    || (status == 0 && IsNetwork(service.InnerException)))
                {
                    return new StorageUnavailableException(
                        $"AWS KMS is unavailable while {action}: {code}{StatusText(status)} persisted after the configured retries", failure);
                }

                return new InvalidOperationException($"AWS KMS refused {action}: {code}{StatusText(status)}{SafeDetail(code, service.Message)}", failure);
            case var _ when IsNetwork(failure):
                return new StorageUnavailableException(
                    $"AWS KMS could not be reached while {action}: {Describe(failure)} persisted after the configured retries", failure);
            case AmazonClientException client:
                return new InvalidOperationException($"AWS KMS client failed {action}: {client.Message}", failure);
            default:
                return null;
        }
    }

    private static bool IsNetwork(Exception? e) => e switch
    {
        null => false,
        HttpRequestException or IOException or SocketException or TimeoutException or OperationCanceledException => true,
        _ => IsNetwork(e.InnerException),
    };

    private static string Describe(Exception e) =>
        e is AmazonClientException && e.InnerException is { } inner ? Describe(inner) : e is OperationCanceledException ? "a timeout" : e.GetType().Name;

    private static string StatusText(int status) => status == 0 ? "" : $" (HTTP {status})";

    /// <summary>KMS's own text, except for authentication failures, whose messages may echo request details.</summary>
    private static string SafeDetail(string code, string? message) =>
        string.IsNullOrWhiteSpace(message) || code.Contains("Signature", StringComparison.Ordinal) || code.Contains("Token", StringComparison.Ordinal)
            ? ""
            : ": " + (message.Length > 300 ? message[..300] + "…" : message);
}
