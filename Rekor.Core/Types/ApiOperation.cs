namespace Rekor.Core.Types;

/// <summary>One operation of the REST API as its description declares it.</summary>
public sealed record ApiOperation(string Method, string Path, string OperationId);
