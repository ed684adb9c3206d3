using Rekor.Samples.SignAndVerify;

// Usage: dotnet run --project samples/SignAndVerify -- [--rekor_server URL] [--log-public-key PEM-FILE] FILE
// REKOR_SERVER works too, as for rekor-cli. Without --log-public-key the log's key is fetched once and trusted from
// then on (trust on first use); pass the key you got out of band to verify against it instead.
var server = new Uri(Environment.GetEnvironmentVariable("REKOR_SERVER") ?? "http://localhost:3000");
string? logKeyFile = null;
string? file = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rekor_server" when i + 1 < args.Length: server = new Uri(args[++i]); break;
        case "--log-public-key" when i + 1 < args.Length: logKeyFile = args[++i]; break;
        default: file = args[i]; break;
    }
}

if (file is null)
{
    Console.Error.WriteLine("usage: SignAndVerify [--rekor_server URL] [--log-public-key PEM-FILE] FILE");
    return 1;
}

var logKeyPem = logKeyFile is null ? null : await File.ReadAllTextAsync(logKeyFile);
var verified = await SignUploadVerify.RunAsync(server, file, logKeyPem, Console.Out, CancellationToken.None);
return verified ? 0 : 3;
