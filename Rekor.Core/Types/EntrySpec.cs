namespace Rekor.Core.Types;

/// <summary>
/// The base of every generated version model (the <c>spec</c> of a proposed entry, e.g.
/// <c>HashedrekordV001Schema</c>). Carries no data of its own; it lets a kind hold whichever version was sent.
/// </summary>
public abstract class EntrySpec
{
}
