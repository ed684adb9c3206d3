using Rekor.Core.Signing;

namespace Rekor.Server.Log;

/// <summary>
/// Who the log says it is: the name it signs checkpoints with (clients compare it with the URL they trust) and its
/// key. The checkpoint origin of a tree is "<c>{Hostname} - {treeId}</c>", as Rekor v1 writes it.
/// </summary>
public sealed record LogIdentity(string Hostname, ILogSigner Signer)
{
    public string OriginOf(long treeId) => Hostname + " - " + treeId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
