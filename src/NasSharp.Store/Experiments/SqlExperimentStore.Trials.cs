using System.Data.Common;
using System.Globalization;

namespace NasSharp.Store.Experiments;

/// <summary>Adding, enqueuing and reading trials.</summary>
public abstract partial class SqlExperimentStore
{
    private const string TrialColumns =
        "id, study_id, number, kind, genotype, payload_json, state, attempt, worker_id, lease_expires_ms, heartbeat_ms, " +
        "metrics_json, epochs_json, wall_seconds, artifacts_json, created_ms, started_ms, finished_ms, error";

    public TrialRecord AddCompleteTrial(long studyId, CompletedTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return Write((connection, transaction) =>
        {
            var number = NextNumber(connection, transaction, studyId);
            var now = Now(connection, transaction);
            var id = InsertComplete(connection, transaction, studyId, number, now, trial);
            TouchStudy(connection, transaction, studyId, now);
            return TrialById(connection, transaction, id);
        });
    }

    public IReadOnlyList<long> AddCompleteTrials(long studyId, IReadOnlyList<CompletedTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count == 0)
        {
            return [];
        }

        return Write((connection, transaction) =>
        {
            var number = NextNumber(connection, transaction, studyId);
            var now = Now(connection, transaction);

            // One prepared statement for the batch: a table search adds 150 rows at a time, and preparing each row's
            // statement anew costs more than the insert itself.
            using var insert = Command(connection, transaction, InsertCompleteSql, InsertParameters(studyId, number, now, trials[0]));
            insert.Prepare();
            var ids = new List<long>(trials.Count);
            foreach (var trial in trials)
            {
                foreach (var (name, value) in InsertParameters(studyId, number++, now, trial))
                {
                    insert.Parameters[name].Value = value ?? DBNull.Value;
                }

                ids.Add(Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture));
            }

            TouchStudy(connection, transaction, studyId, now);
            return (IReadOnlyList<long>)ids;
        });
    }

    private const string InsertCompleteSql =
        "INSERT INTO trials (study_id, number, kind, genotype, payload_json, state, attempt, metrics_json, epochs_json, wall_seconds, artifacts_json, created_ms, started_ms, finished_ms, error) " +
        "VALUES (@s, @n, @kind, @genotype, @payload, @state, 1, @metrics, @epochs, @wall, @artifacts, @started, @started, @now, @error) RETURNING id";

    // A finished trial's row: it started its wall time before now; a trial with an error is failed, not complete.
    private static (string Name, object? Value)[] InsertParameters(long studyId, long number, long now, CompletedTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var result = trial.Result;
        var started = now - (long)Math.Round(result.WallSeconds * 1000);
        var state = trial.Error is null ? TrialState.Complete : TrialState.Failed;
        return [
            ("s", studyId), ("n", number), ("kind", trial.Kind), ("genotype", trial.Genotype), ("payload", trial.PayloadJson),
            ("state", StoreText.Of(state)), ("metrics", StoreText.Metrics(result.Metrics)), ("epochs", StoreText.Epochs(result.Epochs)),
            ("wall", result.WallSeconds), ("artifacts", StoreText.Artifacts(result.Artifacts)), ("started", started), ("now", now), ("error", trial.Error)];
    }

    private static long InsertComplete(DbConnection connection, DbTransaction transaction, long studyId, long number, long now, CompletedTrial trial) =>
        Convert.ToInt64(Scalar(connection, transaction, InsertCompleteSql, InsertParameters(studyId, number, now, trial)), CultureInfo.InvariantCulture);

    public IReadOnlyList<long> Enqueue(long studyId, IReadOnlyList<UnitSpec> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        return Write((connection, transaction) =>
        {
            var number = NextNumber(connection, transaction, studyId);
            var now = Now(connection, transaction);
            var ids = new List<long>(units.Count);
            foreach (var unit in units)
            {
                ids.Add(Convert.ToInt64(Scalar(connection, transaction,
                    "INSERT INTO trials (study_id, number, kind, genotype, payload_json, state, attempt, created_ms) VALUES (@s, @n, @kind, @genotype, @payload, @state, 0, @now) RETURNING id",
                    ("s", studyId), ("n", number++), ("kind", unit.Kind), ("genotype", unit.Genotype), ("payload", unit.PayloadJson),
                    ("state", StoreText.Of(TrialState.Queued)), ("now", now)), CultureInfo.InvariantCulture));
            }

            TouchStudy(connection, transaction, studyId, now);
            return (IReadOnlyList<long>)ids;
        });
    }

    public IReadOnlyList<TrialRecord> Trials(long studyId, TrialState? state = null) => Read(connection => state is { } s
        ? Query(connection, null, $"SELECT {TrialColumns} FROM trials WHERE study_id = @s AND state = @state ORDER BY number", ReadTrial, ("s", studyId), ("state", StoreText.Of(s)))
        : Query(connection, null, $"SELECT {TrialColumns} FROM trials WHERE study_id = @s ORDER BY number", ReadTrial, ("s", studyId)));

    public IReadOnlyDictionary<TrialState, int> CountTrials(long studyId)
    {
        var counts = Enum.GetValues<TrialState>().ToDictionary(s => s, _ => 0);
        var rows = Read(connection => Query(connection, null, "SELECT state, COUNT(*) FROM trials WHERE study_id = @s GROUP BY state",
            r => (State: StoreText.TrialState(r.GetString(0)), Count: Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture)), ("s", studyId)));
        foreach (var (state, count) in rows)
        {
            counts[state] = count;
        }

        return counts;
    }

    // Numbers are dense per study: the study row is locked first (PostgreSQL), or the transaction already holds
    // SQLite's write lock, so two writers cannot take the same number.
    private long NextNumber(DbConnection connection, DbTransaction transaction, long studyId)
    {
        if (Scalar(connection, transaction, "SELECT id FROM studies WHERE id = @s" + ForUpdateSql, ("s", studyId)) is null)
        {
            throw new ArgumentException($"{Description}: no study with id {studyId}.", nameof(studyId));
        }

        return Convert.ToInt64(Scalar(connection, transaction, "SELECT COALESCE(MAX(number), -1) + 1 FROM trials WHERE study_id = @s", ("s", studyId)), CultureInfo.InvariantCulture);
    }

    private static void TouchStudy(DbConnection connection, DbTransaction transaction, long studyId, long now) =>
        Execute(connection, transaction, "UPDATE studies SET updated_ms = @now WHERE id = @s", ("now", now), ("s", studyId));

    private static TrialRecord TrialById(DbConnection connection, DbTransaction? transaction, long id) =>
        Query(connection, transaction, $"SELECT {TrialColumns} FROM trials WHERE id = @id", ReadTrial, ("id", id)).Single();

    private static TrialRecord ReadTrial(DbDataReader r)
    {
        var state = StoreText.TrialState(r.GetString(6));
        var result = r.IsDBNull(11) ? null : StoreText.Result(r.GetString(11), NullableString(r, 12), r.IsDBNull(13) ? 0 : r.GetDouble(13), NullableString(r, 14));
        return new TrialRecord(
            r.GetInt64(0), r.GetInt64(1), Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture), r.GetString(3), r.GetString(4), r.GetString(5), state,
            Convert.ToInt32(r.GetValue(7), CultureInfo.InvariantCulture), NullableString(r, 8), NullableTime(r, 9), NullableTime(r, 10), result,
            StoreText.Time(r.GetInt64(15)), NullableTime(r, 16), NullableTime(r, 17), NullableString(r, 18));
    }

    private static string? NullableString(DbDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);

    private static DateTimeOffset? NullableTime(DbDataReader r, int column) => r.IsDBNull(column) ? null : StoreText.Time(r.GetInt64(column));
}
