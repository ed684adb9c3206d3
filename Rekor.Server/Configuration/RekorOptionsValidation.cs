using Microsoft.Extensions.Options;

namespace Rekor.Server.Configuration;

/// <summary>
/// The start-up check of <see cref="RekorServerOptions"/> (run by <c>ValidateOnStart</c>, before anything listens or
/// opens the log): a setting the binder cannot convert or does not know, every problem
/// <see cref="RekorServerOptions.Problems"/> names, and the listen addresses.
/// </summary>
public sealed class RekorOptionsValidation(IConfiguration configuration) : IValidateOptions<RekorServerOptions>
{
    /// <summary>Binds leniently (an unconvertible value keeps its default); <see cref="Validate"/> reports what the binder refused.</summary>
    public static void Bind(IConfiguration configuration, RekorServerOptions options)
    {
        try
        {
            configuration.GetSection(RekorServerOptions.Section).Bind(options);
        }
        catch (InvalidOperationException)
        {
            // Reported by Validate, which binds again strictly and names the setting; nothing runs with these options.
        }
    }

    public ValidateOptionsResult Validate(string? name, RekorServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            _ = configuration.GetSection(RekorServerOptions.Section).Get<RekorServerOptions>(o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message + (e.InnerException is { } inner ? " " + inner.Message : string.Empty));
        }

        var problems = options.Problems().Concat(ListenAddresses.Resolve(configuration, options).Problems).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
