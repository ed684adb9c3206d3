namespace Rekor.Core.Schemas;

/// <summary>What is wrong with a string value the schema gives <c>format: byte</c>, if anything.</summary>
public enum ByteFormatProblem
{
    None,

    /// <summary>The value is not valid Unicode text (invalid UTF-8, a lone surrogate escape).</summary>
    NotText,

    /// <summary>The text is not standard padded base64.</summary>
    NotBase64,
}
