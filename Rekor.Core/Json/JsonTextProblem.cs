namespace Rekor.Core.Json;

/// <summary>
/// Why a JSON text was refused by <see cref="JsonTextCheck"/>: a message that completes a sentence such as
/// "parsing the body failed, because …" and the offset (from 0, in bytes) where the problem starts.
/// </summary>
public sealed record JsonTextProblem(string Message, long BytePosition)
{
    public override string ToString() => Message;
}
