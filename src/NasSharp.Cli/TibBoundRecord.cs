using System.Text.Json;
using System.Text.Json.Nodes;
using NasSharp.Store;

namespace NasSharp.Cli;

/// <summary>
/// The <c>tib_bound</c> key of a <c>nas train</c> run's options.json (--tib-bound, RECURRENT.md 1.2): written only when
/// the bound is on, so the options.json of every other run stays as it was, and a run recorded before the option
/// existed (no key) resumes as unbounded, which is what it ran as.
/// </summary>
internal static class TibBoundRecord
{
    /// <summary><paramref name="record"/> itself without the bound; with it, its JSON object plus <c>"tib_bound": true</c>.</summary>
    public static object With(object record, bool tibBound)
    {
        if (!tibBound)
        {
            return record;
        }

        var json = JsonSerializer.SerializeToNode(record, OutputJson.Options)!.AsObject();
        json["tib_bound"] = true;
        return json;
    }
}
