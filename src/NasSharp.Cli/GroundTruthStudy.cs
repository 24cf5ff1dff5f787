using System.Security.Cryptography;
using System.Text;
using NasSharp.Search.Spaces;
using NasSharp.Store.Experiments;

namespace NasSharp.Cli;

/// <summary>The store side of <c>nas groundtruth</c>: one study per output table, its units enqueued once each.</summary>
internal static class GroundTruthStudy
{
    /// <summary><c>gt-STEM-HASH</c>: the output file's name and a hash of its full path, so two tables never share a study.</summary>
    public static string DefaultName(string path)
    {
        var full = Path.GetFullPath(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..8];
        return $"gt-{Path.GetFileNameWithoutExtension(full)}-{hash}";
    }

    /// <summary>Creates or reopens the study; an existing study must have been made with the same settings.</summary>
    public static StudyRecord Open(IExperimentStore store, string name, GroundTruthUnit unit, string path)
    {
        var options = unit.ToJson();
        var study = store.CreateOrOpenStudy(new StudySpec(name, GroundTruthUnit.Kind, options, StoreCliOptions.CodeVersion, Path.GetDirectoryName(Path.GetFullPath(path))));
        if (study.Kind != GroundTruthUnit.Kind || study.OptionsJson != options)
        {
            throw new ArgumentException($"study '{name}' in {store.Description} was made by another command or with other settings ({study.OptionsJson}); choose another --name or --out");
        }

        if (study.Status != StudyStatus.Running)
        {
            store.SetStudyStatus(study.Id, StudyStatus.Running);
        }

        return study;
    }

    /// <summary>
    /// Enqueues the architectures neither in the table nor in the study (a failed one is enqueued again); returns how
    /// many. Order is the sample's, so unit numbers follow it.
    /// </summary>
    public static int EnqueueMissing(IExperimentStore store, StudyRecord study, IReadOnlyList<string> genotypes, HashSet<string> inTable, GroundTruthUnit unit)
    {
        var inStudy = store.Trials(study.Id).Where(t => t.State != TrialState.Failed).Select(t => t.Genotype).ToHashSet(StringComparer.Ordinal);
        var payload = unit.ToJson();
        var missing = genotypes.Where(g => !inTable.Contains(g) && !inStudy.Contains(g))
            .Select(g => new UnitSpec(GroundTruthUnit.Kind, g, payload)).ToList();
        store.Enqueue(study.Id, missing);
        return missing.Count;
    }
}
