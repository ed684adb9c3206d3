using System.Net;
using System.Net.Sockets;

namespace Rekor.Cli.Tests.Fixtures;

/// <summary>A loopback TCP port free at the moment of asking (the kernel's pick for port 0); a later clash fails loudly.</summary>
internal static class FreeTcpPort
{
    public static int Pick()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
