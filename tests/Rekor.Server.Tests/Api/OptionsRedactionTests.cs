using Rekor.Server.Configuration;

namespace Rekor.Server.Tests.Api;

/// <summary>The options' printed form never shows a secret: the signer password, the MySQL DSNs' passwords, Redis's password.</summary>
public sealed class OptionsRedactionTests
{
    [Fact]
    public void The_signer_password_is_never_printed()
    {
        var options = new RekorServerOptions { SignerPassword = "correct horse battery staple" };

        var printed = options.ToString();

        Assert.DoesNotContain("correct horse", printed, StringComparison.Ordinal);
        Assert.Contains("SignerPassword = (set)", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Database_and_redis_passwords_are_never_printed_and_the_stores_are_described_without_them()
    {
        var options = new RekorServerOptions
        {
            LogStorageProvider = "mysql",
            LogStorageMySqlDsn = "rekor:log-secret@tcp(db:3306)/rekor?parseTime=true",
            SearchIndexStorageProvider = "mysql",
            SearchIndexMySqlDsn = "index:index-secret@tcp(db2:3306)/idx",
        };
        var redis = options with { SearchIndexStorageProvider = "redis", SearchIndexMySqlDsn = string.Empty, RedisPassword = "redis-secret" };

        var printed = options.ToString() + redis.ToString() + redis.DescribeSearchIndex() + options.DescribeLogStorage();

        Assert.DoesNotContain("secret", printed, StringComparison.Ordinal);
        Assert.Contains("mysql rekor@tcp(db:3306)/rekor", printed, StringComparison.Ordinal);
        Assert.Contains("mysql index@tcp(db2:3306)/idx", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rekor:pw@tcp(db:3306)")]
    [InlineData("rekor:pw@tcp(db:3306)/rekor?unknownParam=1")]
    [InlineData("rekor:pw@udp(db:3306)/rekor")]
    public void A_bad_dsn_is_a_problem_that_does_not_repeat_the_password(string dsn)
    {
        var problems = new RekorServerOptions { LogStorageProvider = "mysql", LogStorageMySqlDsn = dsn }.Problems();

        Assert.Contains(problems, p => p.StartsWith("log_storage.mysql.dsn", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains(":pw", StringComparison.Ordinal));
    }
}
