namespace Rekor.Load;

/// <summary>
/// POST /api/v1/log/entries of pre-built bodies, body k for request k: each body is sent at most once, so the plan
/// runs out after <see cref="HashedRekordBodies.Count"/> requests.
/// </summary>
internal sealed class WritePlan(HashedRekordBodies bodies, bool keepEntryIds) : RequestPlan
{
    public override long Available => bodies.Count;

    public override bool KeepEntryIds => keepEntryIds;

    public override int OkStatus => 201;

    public override PreparedRequest Get(long sequence) => bodies.Request((int)sequence);
}
