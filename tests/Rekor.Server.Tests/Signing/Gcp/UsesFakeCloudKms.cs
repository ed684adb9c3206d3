using Xunit;

namespace Rekor.Server.Tests.Signing.Gcp;

/// <summary>
/// The tests that start a <see cref="FakeCloudKms"/>: it sets the process-wide GOOGLE_APPLICATION_CREDENTIALS, so they
/// run one at a time.
/// </summary>
[CollectionDefinition(nameof(UsesFakeCloudKms))]
public sealed class UsesFakeCloudKms;
