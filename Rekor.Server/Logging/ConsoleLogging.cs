using Microsoft.Extensions.Logging.Console;

namespace Rekor.Server.Logging;

/// <summary>
/// The console log: one line per event by default (<c>simple</c>), or one JSON object per line for log collectors
/// (<c>--log_format json</c>, or <c>Logging:Console:FormatterName=json</c> from any configuration source), with
/// timestamps in UTC. Levels as ASP.NET Core's: <c>--log_level Debug</c> or <c>Logging:LogLevel:&lt;Category&gt;</c>.
/// </summary>
public static class ConsoleLogging
{
    public static ILoggingBuilder AddRekorConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);

        // Runs after the configuration is bound, so a configured formatter (json, systemd) stays; without a name the
        // console logger would fall back to its legacy options and ignore the simple formatter's below.
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.FormatterName ??= ConsoleFormatterNames.Simple);
        logging.Services.Configure<SimpleConsoleFormatterOptions>(simple =>
        {
            simple.SingleLine = true;
            simple.UseUtcTimestamp = true;
        });
        logging.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            json.UseUtcTimestamp = true;
            json.TimestampFormat ??= "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        return logging;
    }
}
