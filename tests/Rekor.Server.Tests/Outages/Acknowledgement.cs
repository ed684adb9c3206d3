namespace Rekor.Server.Tests.Outages;

/// <summary>
/// What the log told a writer about one artifact it submitted: a 201 (the entry's id, index and body as the response
/// gave them), or a 409 after retrying it (the id the Location header points at; index and body unknown).
/// </summary>
internal sealed record Acknowledgement(string Artifact, string EntryId, long? LogIndex, string? Body, int Attempts)
{
    public bool ByConflict => LogIndex is null;
}
