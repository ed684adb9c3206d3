namespace Rekor.Server.Tests.Replicas;

/// <summary>
/// What the replicas answered, job by job, before looking at the tree: each problem is one line naming the job and
/// its attempts. Detects double acknowledgement (two 201s for one entry: a fork or a lost duplicate check), a 409
/// that names another entry, a 409 for an entry nobody logged, a duplicate pair both created, and any failure or
/// odd status from a replica that was never killed.
/// </summary>
internal static class AnswerChecks
{
    public static List<string> Problems(IReadOnlyList<ReplicaJob> jobs, ReplicaLoad load, int victim)
    {
        var problems = new List<string>();
        foreach (var job in jobs)
        {
            var attempts = load.Attempts[job.Number];
            var described = $"job {job.Number}{(job.SentTwice ? " (sent twice)" : "")}: {string.Join("; ", attempts)}";
            var answered = attempts.Where(a => a.Status is 201 or 409).ToList();
            var created = answered.Count(a => a.Status == 201);
            var failed = attempts.Any(a => a.Failed);
            if (attempts.Any(a => a.Failed && a.Replica != victim) || attempts.Any(a => !a.Failed && a.Status is not (201 or 409 or 429 or 503)))
            {
                problems.Add("a replica that was not killed failed or answered oddly: " + described);
            }
            else if (answered.Count != (job.SentTwice ? 2 : 1))
            {
                problems.Add("never answered 201 or 409 (after retries): " + described);
            }
            else if (created > 1)
            {
                problems.Add("acknowledged twice: " + described);
            }
            else if (answered.Select(a => a.Uuid).Distinct().Count() != 1 || answered.Any(a => a.Uuid is null))
            {
                problems.Add("the answers name different entries: " + described);
            }
            else if (created == 0 && !failed)
            {
                // Without a failed request nobody could have logged it unseen, so a 409 means a phantom entry.
                problems.Add("409 though no request for it had failed: " + described);
            }
        }

        return problems;
    }
}
