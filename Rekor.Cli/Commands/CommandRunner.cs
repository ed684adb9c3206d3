using System.CommandLine;
using Rekor.Core.Client;

namespace Rekor.Cli.Commands;

/// <summary>
/// Runs a command's work inside the one place that turns failures into exit codes and messages: usage and local file
/// problems 1, the log's refusals (with its <c>message</c>) and network trouble 2, verification 3, forks 4.
/// </summary>
internal static class CommandRunner
{
    public delegate Task<int> Work(CommandContext context, CancellationToken cancellationToken);

    public static void SetWork(Command command, GlobalOptions options, CliEnvironment environment, Work work) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, options, environment, work, cancellationToken));

    private static async Task<int> RunAsync(
        ParseResult parse, GlobalOptions options, CliEnvironment environment, Work work, CancellationToken cancellationToken)
    {
        CommandContext? context = null;
        try
        {
            context = new CommandContext(parse, options, environment);
            return await work(context, cancellationToken).ConfigureAwait(false);
        }
        catch (CliFailure e)
        {
            return Report(environment, context, e.ExitCode, e.Message);
        }
        catch (RekorApiException e)
        {
            var message = e.ServerMessage is { Length: > 0 } serverMessage
                ? $"the log refused {e.OperationId}: {(int)e.StatusCode!} {e.StatusCode}: {serverMessage}"
                : $"the log refused {e.OperationId}: {(int)e.StatusCode!} {e.StatusCode}";
            return Report(environment, context, ExitCodes.ServerError, message);
        }
        catch (HttpRequestException e)
        {
            return Report(environment, context, ExitCodes.ServerError, $"couldn't reach the log at {context?.ServerUri}: {e.Message}");
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return Report(environment, context, ExitCodes.ServerError, $"the log at {context?.ServerUri} did not answer within {context?.Timeout}: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            return Report(environment, context, ExitCodes.ServerError, "the log's answer is not what the API describes: " + e.Message);
        }
        finally
        {
            context?.Dispose();
        }
    }

    private static int Report(CliEnvironment environment, CommandContext? context, int exitCode, string message)
    {
        if (context is not null)
        {
            context.Output.ErrorLine("error: " + message);
        }
        else
        {
            environment.Error.WriteLine("error: " + message);
        }

        return exitCode;
    }
}
