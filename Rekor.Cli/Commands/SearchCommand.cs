using System.CommandLine;
using System.Net.Mail;
using System.Security.Cryptography;
using Rekor.Cli.Inputs;
using Rekor.Core.Models;

namespace Rekor.Cli.Commands;

/// <summary>
/// <c>rekor search</c>: asks the log's index (<c>POST /api/v1/index/retrieve</c>) for entries by artifact hash
/// (<c>--sha</c>, or <c>--artifact</c> hashed here with SHA-256), public key, email or subject, combined by
/// <c>--operator</c>. Prints the UUIDs found; the index is the log's unsigned word, so verify what it names.
/// </summary>
internal static class SearchCommand
{
    public static Command Create(GlobalOptions options, CliEnvironment environment)
    {
        var sha = new Option<string>("--sha") { Description = "The SHA512, SHA256 or SHA1 sum of the artifact (hex, optionally prefixed 'sha256:')" };
        var artifact = new Option<string>("--artifact") { Description = "Path or http(s) URL of the artifact (hashed with SHA-256)" };
        var publicKey = new Option<string>("--public-key") { Description = "Path to the public key file" };
        var pkiFormat = new Option<string>("--pki-format") { Description = "Format of the public key: x509, pgp, minisign, ssh, tuf", DefaultValueFactory = _ => "x509" };
        var email = new Option<string>("--email") { Description = "Email associated with the public key's subject" };
        var subject = new Option<string>("--subject") { Description = "Subject Alternative Name stored on the entry (case-insensitive)" };
        var @operator = new Option<string>("--operator") { Description = "Operator to combine the criteria: and, or" };
        @operator.AcceptOnlyFromAmong("and", "or");
        var command = new Command("search", "Search the log's index for entries by hash, artifact, public key, email or subject. " + ExitCodes.HelpText)
        {
            sha, artifact, publicKey, pkiFormat, email, subject, @operator,
        };
        CommandRunner.SetWork(command, options, environment, async (context, cancellationToken) =>
        {
            var parse = context.Parse;
            var hash = parse.GetValue(sha) is { } given
                ? NormalizeSha(given)
                : parse.GetValue(artifact) is { } path
                    ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(await ArtifactSource.ReadAsync(path, "--artifact", context.Timeout, cancellationToken).ConfigureAwait(false)))
                    : null;
            var key = parse.GetValue(publicKey) is { } keyPath
                ? new SearchIndexPublicKey { Format = parse.GetValue(pkiFormat)!, Content = LocalFiles.ReadBytes(keyPath, "--public-key") }
                : null;
            var emailValue = parse.GetValue(email);
            if (emailValue is not null && !MailAddress.TryCreate(emailValue, out _))
            {
                throw CliFailure.Usage($"--email: '{emailValue}' is not a valid email address");
            }

            var query = new SearchIndex { Hash = hash, PublicKey = key, Email = emailValue, Subject = parse.GetValue(subject), Operator = parse.GetValue(@operator) };
            if (query is { Hash: null, PublicKey: null, Email: null, Subject: null })
            {
                throw CliFailure.Usage("give at least one of --sha, --artifact, --public-key, --email or --subject");
            }

            var found = await context.Client.SearchIndexAsync(query, cancellationToken).ConfigureAwait(false);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(found);
            }
            else if (found.Count == 0)
            {
                context.Output.Line("No matching entries were found");
            }
            else
            {
                context.Output.Line("Found matching entries (listed by UUID):");
                foreach (var uuid in found)
                {
                    context.Output.Line(uuid);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Adds the algorithm prefix the index keys carry, guessed from the length as rekor-cli does.</summary>
    private static string NormalizeSha(string text)
    {
        var value = text.ToLowerInvariant();
        if (value.Contains(':', StringComparison.Ordinal))
        {
            return value;
        }

        return value.Length switch
        {
            40 => "sha1:" + value,
            64 => "sha256:" + value,
            128 => "sha512:" + value,
            _ => throw CliFailure.Usage($"--sha: '{text}' is not a SHA-1, SHA-256 or SHA-512 hex digest"),
        };
    }
}
