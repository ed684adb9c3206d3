namespace Rekor.Cli.Inputs;

/// <summary>Files named on the command line; a file that can't be read is a usage failure naming the flag and the path.</summary>
internal static class LocalFiles
{
    public static byte[] ReadBytes(string path, string flag)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliFailure.Usage($"{flag}: couldn't read '{path}': {e.Message}");
        }
    }

    public static string ReadText(string path, string flag) => System.Text.Encoding.UTF8.GetString(ReadBytes(path, flag));
}
