using NasSharp.Store.Experiments;

namespace NasSharp.Store.Tests.Experiments;

/// <summary>Search trials in the store: batched inserts and the log a resumed search replays, on both backends.</summary>
[Collection(PostgresGroup.Name)]
public sealed class SearchTrialLogTests(PostgresServer server) : IDisposable
{
    private readonly TestStores stores = new(server);

    public void Dispose() => stores.Dispose();

    private static SearchTrialEntry Entry(int repeat, int trial) =>
        new(repeat, 1000 + repeat, trial, $"g{repeat}-{trial}", (0.1 * trial) + (1.0 / 3.0), trial % 2 == 0 ? 90.0 + (trial / 7.0) : null, trial * 1.5, 0.25);

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void AddCompleteTrials_Batch_DenseNumbersAfterExistingAndFailedKeepsItsError(StoreBackend backend)
    {
        var store = stores.OpenEmpty(backend);
        var study = store.CreateOrOpenStudy(ExperimentStoreContractTests.Spec("s"));
        store.AddCompleteTrial(study.Id, new CompletedTrial("k", "first", "{}", new TrialResult(new Dictionary<string, double>())));
        var ids = store.AddCompleteTrials(study.Id, [
            new CompletedTrial("k", "a", "{}", new TrialResult(new Dictionary<string, double> { ["search"] = 1.5 })),
            new CompletedTrial("k", "b", "{}", new TrialResult(new Dictionary<string, double>())) { Error = "diverged" },
        ]);

        Assert.Equal(2, ids.Count);
        var trials = store.Trials(study.Id);
        Assert.Equal([0, 1, 2], trials.Select(t => t.Number));
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Failed], trials.Select(t => t.State));
        Assert.Equal("diverged", trials[2].Error);
        Assert.Equal(1.5, trials[1].Result!.Metrics["search"]);
        Assert.Empty(store.AddCompleteTrials(study.Id, []));
    }

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    [Backends(StoreBackend.PostgreSql)]
    public void PerRepeat_NothingStoredBeforeCommitThenEveryEntryReadBackExactly(StoreBackend backend)
    {
        var store = stores.OpenEmpty(backend);
        var study = store.CreateOrOpenStudy(ExperimentStoreContractTests.Spec("s"));
        var log = new SearchTrialLog(store, study.Id, SearchCommitPolicy.PerRepeat);
        var entries = Enumerable.Range(1, 5).Select(t => Entry(0, t)).Append(new SearchTrialEntry(1, 1001, 1, "bad", null, null, null, 2.0, "loss is NaN")).ToList();
        foreach (var e in entries.Take(5))
        {
            log.Add(e);
        }

        Assert.Empty(SearchTrialLog.Read(store, study.Id));
        log.Commit();
        log.Add(entries[5]);
        log.Commit();

        var read = SearchTrialLog.Read(store, study.Id);
        Assert.Equal(entries, read);
    }

    [Theory]
    [Backends(StoreBackend.Sqlite)]
    public void PerTrial_EveryAddIsStoredAtOnce(StoreBackend backend)
    {
        var store = stores.OpenEmpty(backend);
        var study = store.CreateOrOpenStudy(ExperimentStoreContractTests.Spec("s"));
        var log = new SearchTrialLog(store, study.Id, SearchCommitPolicy.PerTrial);
        log.Add(Entry(0, 1));
        log.Add(Entry(0, 2));
        Assert.Equal([Entry(0, 1), Entry(0, 2)], SearchTrialLog.Read(store, study.Id));
    }
}
