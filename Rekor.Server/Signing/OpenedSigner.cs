using Rekor.Core.Signing;

namespace Rekor.Server.Signing;

/// <summary>
/// The log's signer as <c>--rekor_server.signer</c> named it, with how many signatures may be in flight at once: the
/// cores for a key in this process, many more for a remote KMS whose latency, not CPU, bounds each call (so a batch's
/// SETs are signed concurrently and KMS latency does not cap throughput).
/// </summary>
public sealed record OpenedSigner(ILogSigner Signer, int SigningConcurrency, string Description);
