namespace NasSharp.Store.Experiments;

/// <summary>
/// The schema migrations, written once for both backends: <c>{id}</c> becomes the backend's auto-increment key and
/// <c>{blob}</c> its byte-string type. Migration N (index N - 1) is applied once, recorded in <c>schema_version</c>;
/// a released migration is never edited, a change is a new one appended here.
/// </summary>
internal static class StoreSchema
{
    private static readonly string[][] Templates =
    [
        [
            """
            CREATE TABLE studies (
                id {id},
                name TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                options_json TEXT NOT NULL,
                code_version TEXT NOT NULL,
                status TEXT NOT NULL,
                run_directory TEXT,
                created_ms BIGINT NOT NULL,
                updated_ms BIGINT NOT NULL)
            """,
            """
            CREATE TABLE trials (
                id {id},
                study_id BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                kind TEXT NOT NULL,
                genotype TEXT NOT NULL,
                payload_json TEXT NOT NULL,
                state TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                worker_id TEXT,
                lease_expires_ms BIGINT,
                heartbeat_ms BIGINT,
                metrics_json TEXT,
                epochs_json TEXT,
                wall_seconds DOUBLE PRECISION,
                artifacts_json TEXT,
                created_ms BIGINT NOT NULL,
                started_ms BIGINT,
                finished_ms BIGINT,
                error TEXT,
                UNIQUE (study_id, number))
            """,
            "CREATE INDEX trials_by_state ON trials (state, kind, id)",
            """
            CREATE TABLE snapshots (
                study_id BIGINT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
                sequence BIGINT NOT NULL,
                data {blob} NOT NULL,
                created_ms BIGINT NOT NULL,
                PRIMARY KEY (study_id, sequence))
            """,
        ],
    ];

    /// <summary>The migrations with the backend's types filled in.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> For(string idType, string blobType) =>
        Templates.Select(m => (IReadOnlyList<string>)m.Select(s => s.Replace("{id}", idType, StringComparison.Ordinal).Replace("{blob}", blobType, StringComparison.Ordinal)).ToList()).ToList();
}
