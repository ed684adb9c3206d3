// Run from the repository root against a running server (see README, Performance):
//   dotnet run -c Release --project bench/Rekor.Load -- write --seconds 20 --connections 64 --server-pid PID
//   dotnet run -c Release --project bench/Rekor.Load -- write --rate 500 --seconds 20 --save-uuids /tmp/uuids
//   dotnet run -c Release --project bench/Rekor.Load -- read --what index|uuid|proof|loginfo|search [--uuids /tmp/uuids]
//   dotnet run -c Release --project bench/Rekor.Load -- --help
using Rekor.Load;

return await Cli.Build().Parse(args).InvokeAsync();
