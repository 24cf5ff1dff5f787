using System.Data.Common;

namespace NasSharp.Store.Experiments;

/// <summary>Studies and strategy snapshots.</summary>
public abstract partial class SqlExperimentStore
{
    private const string StudyColumns = "id, name, kind, options_json, code_version, status, run_directory, created_ms, updated_ms";

    public StudyRecord CreateOrOpenStudy(StudySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.Kind);
        return Write((connection, transaction) =>
        {
            if (FindStudy(connection, transaction, spec.Name) is { } existing)
            {
                return existing;
            }

            var now = Now(connection, transaction);
            Execute(connection, transaction,
                "INSERT INTO studies (name, kind, options_json, code_version, status, run_directory, created_ms, updated_ms) VALUES (@name, @kind, @options, @code, @status, @dir, @now, @now)",
                ("name", spec.Name), ("kind", spec.Kind), ("options", spec.OptionsJson), ("code", spec.CodeVersion),
                ("status", StoreText.Of(StudyStatus.Running)), ("dir", spec.RunDirectory), ("now", now));
            return FindStudy(connection, transaction, spec.Name)!;
        });
    }

    public StudyRecord? FindStudy(string name) => Read(connection => FindStudy(connection, null, name));

    public IReadOnlyList<StudyRecord> ListStudies() =>
        Read(connection => Query(connection, null, $"SELECT {StudyColumns} FROM studies ORDER BY id", ReadStudy));

    public void SetStudyStatus(long studyId, StudyStatus status) =>
        Write((connection, transaction) => Execute(connection, transaction,
            "UPDATE studies SET status = @status, updated_ms = @now WHERE id = @id",
            ("status", StoreText.Of(status)), ("now", Now(connection, transaction)), ("id", studyId)));

    public void SaveSnapshot(long studyId, long sequence, ReadOnlySpan<byte> data)
    {
        var bytes = data.ToArray();
        Write((connection, transaction) =>
        {
            var now = Now(connection, transaction);
            Execute(connection, transaction, "DELETE FROM snapshots WHERE study_id = @s AND sequence = @q", ("s", studyId), ("q", sequence));
            return Execute(connection, transaction,
                "INSERT INTO snapshots (study_id, sequence, data, created_ms) VALUES (@s, @q, @data, @now)",
                ("s", studyId), ("q", sequence), ("data", bytes), ("now", now));
        });
    }

    public StrategySnapshot? LatestSnapshot(long studyId) =>
        Read(connection => Query(connection, null,
            "SELECT study_id, sequence, data, created_ms FROM snapshots WHERE study_id = @s ORDER BY sequence DESC LIMIT 1",
            r => new StrategySnapshot(r.GetInt64(0), r.GetInt64(1), (byte[])r.GetValue(2), StoreText.Time(r.GetInt64(3))),
            ("s", studyId)).SingleOrDefault());

    private static StudyRecord? FindStudy(DbConnection connection, DbTransaction? transaction, string name) =>
        Query(connection, transaction, $"SELECT {StudyColumns} FROM studies WHERE name = @name", ReadStudy, ("name", name)).SingleOrDefault();

    private static StudyRecord ReadStudy(DbDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        StoreText.StudyStatus(r.GetString(5)),
        r.IsDBNull(6) ? null : r.GetString(6),
        StoreText.Time(r.GetInt64(7)),
        StoreText.Time(r.GetInt64(8)));
}
