// Run from the repository root against a running server (see README, Performance):
//   dotnet run -c Release --project bench/Rekor.Load -- write --seconds 20 --connections 64 --server-pid PID
//   dotnet run -c Release --project bench/Rekor.Load -- write --rate 500 --seconds 20 --save-uuids /tmp/uuids
//   dotnet run -c Release --project bench/Rekor.Load -- read --what index|uuid|proof|loginfo|search [--uuids /tmp/uuids]
//   dotnet run -c Release --project bench/Rekor.Load -- --help
using Rekor.Load;

// Socket completions run on the socket engine's thread rather than hopping to the thread pool: the continuations
// here are short (parse a head, record a latency), and the hop cost this tool about a quarter of its CPU per request.
// Read once, when the first socket is made, so it must be set before any.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

return await Cli.Build().Parse(args).InvokeAsync();
