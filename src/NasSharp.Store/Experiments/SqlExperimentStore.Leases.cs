using System.Data.Common;
using System.Globalization;

namespace NasSharp.Store.Experiments;

/// <summary>
/// Leases: the attempt number is the fencing token. Leasing increments it; heartbeat, commit, failure and release
/// match on (trial, attempt, running), so a worker whose lease expired and was taken over changes nothing.
/// </summary>
public abstract partial class SqlExperimentStore
{
    private const string HeldBy = "WHERE id = @id AND attempt = @attempt AND state = 'running'";

    public LeasedUnit? TryLease(string workerId, IReadOnlyCollection<string> kinds, TimeSpan lease, long? studyId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Count == 0)
        {
            return null;
        }

        var kindParameters = kinds.Select((k, i) => ($"k{i}", (object?)k)).ToArray();
        var inList = string.Join(", ", kindParameters.Select(p => "@" + p.Item1));
        var ofStudy = studyId is null ? string.Empty : " AND study_id = @study";
        return Write((connection, transaction) =>
        {
            var now = Now(connection, transaction);

            // PostgreSQL: FOR UPDATE SKIP LOCKED lets concurrent workers pass over a row another one is taking;
            // SQLite: the transaction began IMMEDIATE, so leasing is serialized by the database's write lock.
            var id = Scalar(connection, transaction,
                $"SELECT id FROM trials WHERE kind IN ({inList}) AND (state = 'queued' OR (state = 'running' AND lease_expires_ms < @now)){ofStudy} ORDER BY id LIMIT 1" + SkipLockedSql,
                [("now", now), ("study", studyId), .. kindParameters]);
            if (id is null)
            {
                return null;
            }

            var trialId = Convert.ToInt64(id, CultureInfo.InvariantCulture);
            var expires = now + (long)lease.TotalMilliseconds;
            Execute(connection, transaction,
                "UPDATE trials SET state = 'running', attempt = attempt + 1, worker_id = @worker, lease_expires_ms = @expires, heartbeat_ms = @now, started_ms = @now WHERE id = @id",
                ("worker", workerId), ("expires", expires), ("now", now), ("id", trialId));
            return Query(connection, transaction,
                "SELECT t.id, s.name, s.run_directory, t.number, t.kind, t.genotype, t.payload_json, t.attempt FROM trials t JOIN studies s ON s.id = t.study_id WHERE t.id = @id",
                r => new LeasedUnit(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture),
                    r.GetString(4), r.GetString(5), r.GetString(6), Convert.ToInt32(r.GetValue(7), CultureInfo.InvariantCulture), workerId, StoreText.Time(expires)),
                ("id", trialId)).Single();
        });
    }

    public bool Heartbeat(long trialId, int attempt, TimeSpan lease) => Write((connection, transaction) =>
    {
        var now = Now(connection, transaction);
        return Execute(connection, transaction, $"UPDATE trials SET heartbeat_ms = @now, lease_expires_ms = @expires {HeldBy}",
            ("now", now), ("expires", now + (long)lease.TotalMilliseconds), ("id", trialId), ("attempt", attempt)) == 1;
    });

    public bool Complete(long trialId, int attempt, TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Write((connection, transaction) =>
        {
            var now = Now(connection, transaction);
            var updated = Execute(connection, transaction,
                "UPDATE trials SET state = 'complete', metrics_json = @metrics, epochs_json = @epochs, wall_seconds = @wall, artifacts_json = @artifacts, " +
                $"finished_ms = @now, lease_expires_ms = NULL, error = NULL {HeldBy}",
                ("metrics", StoreText.Metrics(result.Metrics)), ("epochs", StoreText.Epochs(result.Epochs)), ("wall", result.WallSeconds),
                ("artifacts", StoreText.Artifacts(result.Artifacts)), ("now", now), ("id", trialId), ("attempt", attempt)) == 1;
            TouchStudyOfTrial(connection, transaction, trialId, now, updated);
            return updated;
        });
    }

    public bool Fail(long trialId, int attempt, string error) => Write((connection, transaction) =>
    {
        var now = Now(connection, transaction);
        var updated = Execute(connection, transaction, $"UPDATE trials SET state = 'failed', error = @error, finished_ms = @now, lease_expires_ms = NULL {HeldBy}",
            ("error", error), ("now", now), ("id", trialId), ("attempt", attempt)) == 1;
        TouchStudyOfTrial(connection, transaction, trialId, now, updated);
        return updated;
    });

    public bool Release(long trialId, int attempt) => Write((connection, transaction) =>
        Execute(connection, transaction, $"UPDATE trials SET state = 'queued', worker_id = NULL, lease_expires_ms = NULL {HeldBy}",
            ("id", trialId), ("attempt", attempt)) == 1);

    private static void TouchStudyOfTrial(DbConnection connection, DbTransaction transaction, long trialId, long now, bool updated)
    {
        if (updated)
        {
            Execute(connection, transaction, "UPDATE studies SET updated_ms = @now WHERE id = (SELECT study_id FROM trials WHERE id = @id)", ("now", now), ("id", trialId));
        }
    }
}
