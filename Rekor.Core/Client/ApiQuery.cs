using System.Globalization;
using System.Text;

namespace Rekor.Core.Client;

/// <summary>
/// The query string of one request, built by the generated client: parameters in the order added, values in their
/// invariant wire form, escaped; a null value is left out (the server's default applies). Not for reuse across requests.
/// </summary>
public sealed class ApiQuery
{
    private readonly StringBuilder _text = new();

    /// <summary>Adds <paramref name="name"/>=<paramref name="value"/> unless the value is null.</summary>
    public void Add(string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        _text.Append(_text.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
    }

    /// <inheritdoc cref="Add(string, string?)"/>
    public void Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc cref="Add(string, string?)"/>
    public void Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc cref="Add(string, string?)"/>
    public void Add(string name, double? value) => Add(name, value?.ToString("R", CultureInfo.InvariantCulture));

    /// <inheritdoc cref="Add(string, string?)"/>
    public void Add(string name, bool? value) => Add(name, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Adds the parameter once per value (Swagger's <c>collectionFormat: multi</c>).</summary>
    public void Add<T>(string name, IEnumerable<T>? values)
    {
        foreach (var value in values ?? [])
        {
            Add(name, Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Empty, or <c>?</c> followed by the parameters.</summary>
    public override string ToString() => _text.ToString();
}
