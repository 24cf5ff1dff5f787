using NasSharp.Search.Spaces;
using NasSharp.Store;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>The recorder of NAS-Bench-201 searches: <see cref="SearchTrialRecorder{TGenotype}"/> with the op indices of each trial in trials.csv.</summary>
internal sealed class Nb201SearchRecorder(SearchOptions options, RunDirectory run, SearchTrialLog? log, TextWriter output)
    : SearchTrialRecorder<Nb201Genotype>(options, run, log, output, g => g.ToOpIndices());
