namespace Rekor.Core.Types;

/// <summary>Why an entry was refused. The API maps each to Rekor's status codes.</summary>
public enum EntryErrorKind
{
    /// <summary>The entry is malformed or does not verify (400).</summary>
    InvalidInput,

    /// <summary>The kind or version exists but this server cannot process it (400, "not insertable").</summary>
    Unsupported,

    /// <summary>Something unexpected failed while processing a valid-looking entry (500).</summary>
    Internal,
}

/// <summary>An expected failure of one entry, with a message meant for the client.</summary>
public sealed record EntryError(EntryErrorKind Kind, string Message);

/// <summary>The result of an entry operation that yields nothing but success or an <see cref="EntryError"/>.</summary>
public readonly record struct EntryOutcome(EntryError? Error)
{
    public static EntryOutcome Success => default;

    public bool Succeeded => Error is null;

    public static EntryOutcome Fail(EntryErrorKind kind, string message) => new(new EntryError(kind, message));
}

/// <summary>A value, or the <see cref="EntryError"/> that prevented it.</summary>
public readonly record struct EntryOutcome<T>(T? Value, EntryError? Error)
{
    public bool Succeeded => Error is null;

    public static EntryOutcome<T> Success(T value) => new(value, null);

    public static EntryOutcome<T> Fail(EntryErrorKind kind, string message) => new(default, new EntryError(kind, message));

    public static EntryOutcome<T> Fail(EntryError error) => new(default, error);
}
