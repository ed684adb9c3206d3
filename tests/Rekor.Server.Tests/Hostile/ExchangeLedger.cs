using System.Globalization;
using System.Text;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Everything one hostile part sent and got back: status counts per endpoint, the 201s (each must be a legitimate
/// new entry), and the rules broken. Safe to record into from many requests at once; every member takes the lock.
/// </summary>
internal sealed class ExchangeLedger
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, SortedDictionary<string, int>> _statusesByEndpoint = new(StringComparer.Ordinal);
    private readonly List<(Violation Violation, Exchange Exchange)> _violations = [];
    private readonly List<Exchange> _created = [];
    private int _count;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public IReadOnlyList<Exchange> Created
    {
        get
        {
            lock (_gate)
            {
                return [.. _created];
            }
        }
    }

    public int ViolationCount
    {
        get
        {
            lock (_gate)
            {
                return _violations.Count;
            }
        }
    }

    public void Record(Exchange exchange, IEnumerable<Violation> violations)
    {
        var status = exchange.Status?.ToString(CultureInfo.InvariantCulture) ?? "no response";
        lock (_gate)
        {
            _count++;
            if (!_statusesByEndpoint.TryGetValue(exchange.Request.Endpoint, out var statuses))
            {
                _statusesByEndpoint[exchange.Request.Endpoint] = statuses = new(StringComparer.Ordinal);
            }

            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (exchange.Status == 201)
            {
                _created.Add(exchange);
            }

            _violations.AddRange(violations.Select(v => (v, exchange)));
        }
    }

    /// <summary>Adds a violation found after the fact (a 201 that is not a legitimate entry, a broken server).</summary>
    public void Flag(Violation violation, Exchange exchange)
    {
        lock (_gate)
        {
            _violations.Add((violation, exchange));
        }
    }

    /// <summary>One line per endpoint: <c>POST /api/v1/log/entries: 4800 — 400×3120 409×12 422×1668</c>.</summary>
    public string StatusTable()
    {
        lock (_gate)
        {
            var table = new StringBuilder();
            foreach (var (endpoint, statuses) in _statusesByEndpoint)
            {
                table.Append(CultureInfo.InvariantCulture, $"  {Escaped.Text(endpoint, 80)}: {statuses.Values.Sum()} —");
                foreach (var (status, count) in statuses)
                {
                    table.Append(CultureInfo.InvariantCulture, $" {status}×{count}");
                }

                table.AppendLine();
            }

            return table.ToString();
        }
    }

    /// <summary>
    /// Each broken rule with how often, and its smallest offending requests (the shortest body first: the easiest to
    /// read and to replay by hand).
    /// </summary>
    public string ViolationReport(int samplesPerRule = 3)
    {
        lock (_gate)
        {
            var report = new StringBuilder();
            foreach (var rule in _violations.GroupBy(v => v.Violation.Rule, StringComparer.Ordinal).OrderByDescending(g => g.Count()))
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"■ {rule.Key}: {rule.Count()} of {_count} exchanges; smallest:");
                foreach (var (violation, exchange) in rule
                    .OrderBy(v => v.Exchange.Request.Body.Length)
                    .ThenBy(v => v.Exchange.Request.Target.Length)
                    .DistinctBy(v => (v.Exchange.Request.Target, Escaped.Bytes(v.Exchange.Request.Body)))
                    .Take(samplesPerRule))
                {
                    report.AppendLine(CultureInfo.InvariantCulture, $"  - {exchange}");
                    report.AppendLine(CultureInfo.InvariantCulture, $"    {violation.Detail}");
                }
            }

            return report.ToString();
        }
    }
}
