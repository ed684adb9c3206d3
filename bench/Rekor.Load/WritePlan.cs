using System.Net.Http.Headers;

namespace Rekor.Load;

/// <summary>
/// POST /api/v1/log/entries of pre-built bodies, body k for request k: each body is sent at most once, so the plan
/// runs out after <see cref="HashedRekordBodies.Count"/> requests.
/// </summary>
internal sealed class WritePlan(HashedRekordBodies bodies, bool keepEntryIds) : RequestPlan
{
    private static readonly Uri Entries = new("/api/v1/log/entries", UriKind.Relative);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public override long Available => bodies.Count;

    public override bool KeepEntryIds => keepEntryIds;

    public override HttpRequestMessage Create(long sequence)
    {
        var content = new ByteArrayContent(bodies.Body((int)sequence));
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, Entries) { Content = content };
    }
}
