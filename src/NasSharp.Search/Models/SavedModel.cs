using System.Globalization;
using NasSharp.NN.Training;
using NasSharp.NN;
using NasSharp.NN.Serialization;
using NasSharp.Search.Training;

namespace NasSharp.Search.Models;

/// <summary>
/// A saved model: a directory holding <c>model.json</c> (the <see cref="ModelCard"/>) and <c>weights.safetensors</c>
/// (the network's state dict: parameters and batch-norm running statistics). Runs keep theirs in <c>RUN/model/</c>;
/// <see cref="Load"/> accepts either directory. Files are written atomically (a killed process leaves the old file
/// or the new one), weights first, so a card never points at missing weights.
/// </summary>
public sealed class SavedModel
{
    public const string CardFileName = "model.json";
    public const string WeightsFileName = "weights.safetensors";

    /// <summary>The subdirectory of a run directory that holds the run's model.</summary>
    public const string RunSubdirectory = "model";

    private SavedModel(string directory, ModelCard card, Module network)
    {
        Directory = directory;
        Card = card;
        Network = network;
    }

    public string Directory { get; }

    public ModelCard Card { get; }

    /// <summary>The rebuilt network with the saved weights, in evaluation mode.</summary>
    public Module Network { get; }

    /// <summary>The version + commit of this NasSharp build and the kernels' vector width (<see cref="Kernels.SimdWidth"/>), as cards record it.</summary>
    public static string CodeVersion =>
        $"{typeof(SavedModel).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown"} ({Kernels.SimdWidth.Description})";

    /// <summary>
    /// Writes <paramref name="network"/>'s weights and <paramref name="card"/> to <paramref name="directory"/> (created
    /// if needed) and returns the card as written: params counted from the network, FLOPs from the space's cost model
    /// when the card has none, the code version filled in. The network must be the card's (its state dict must load
    /// into <see cref="ModelNetworks.Build"/>'s network); this is checked before anything is written.
    /// </summary>
    public static ModelCard Save(string directory, ModelCard card, Module network)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(network);
        var state = network.StateDict();
        ModelNetworks.Build(card, new Random(0)).LoadStateDict(state);
        var written = card with
        {
            Genotype = GenotypeText.Canonical(card.Genotype, card.Space),
            Params = network.ParameterCount(),
            Flops = card.Flops > 0 ? card.Flops : ModelNetworks.Flops(card),
            CodeVersion = card.CodeVersion ?? CodeVersion,
        };
        System.IO.Directory.CreateDirectory(directory);
        AtomicFile.Write(Path.Combine(directory, WeightsFileName), Safetensors.Serialize(state, new Dictionary<string, string>
        {
            ["space"] = GenotypeText.Name(written.Space),
            ["genotype"] = written.Genotype,
            ["params"] = written.Params.ToString(CultureInfo.InvariantCulture),
        }));
        AtomicFile.Write(Path.Combine(directory, CardFileName), System.Text.Encoding.UTF8.GetBytes(ModelCardJson.Serialize(written) + "\n"));
        return written;
    }

    /// <summary>
    /// Saves a search's winner (or any run's network) in <c>RUN/model/</c>, where <c>nas predict --model RUN</c> and
    /// <c>nas export --model RUN</c> find it; see <see cref="Save"/>.
    /// </summary>
    public static ModelCard SaveInRun(string runDirectory, ModelCard card, Module network)
    {
        ArgumentException.ThrowIfNullOrEmpty(runDirectory);
        return Save(Path.Combine(runDirectory, RunSubdirectory), card, network);
    }

    /// <summary>Loads the model in <paramref name="path"/>: a model directory, or a run directory holding <c>model/</c>.</summary>
    public static SavedModel Load(string path)
    {
        var directory = ResolveDirectory(path);
        var card = ReadCard(directory);
        var weights = Path.Combine(directory, WeightsFileName);
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"{directory}: the model has no {WeightsFileName}", weights);
        }

        var network = ModelNetworks.Build(card, new Random(0));
        network.LoadStateDict(Safetensors.Load(weights).Tensors);
        network.Eval();
        return new SavedModel(directory, card, network);
    }

    /// <summary>The card of the model in <paramref name="path"/> (model or run directory), without building the network.</summary>
    public static ModelCard ReadCard(string path)
    {
        var file = Path.Combine(ResolveDirectory(path), CardFileName);
        return ModelCardJson.Deserialize(File.ReadAllText(file), file);
    }

    /// <summary><paramref name="path"/> if it holds model.json, else <c>path/model</c> if that does; throws naming both otherwise.</summary>
    public static string ResolveDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(Path.Combine(path, CardFileName)))
        {
            return path;
        }

        var inRun = Path.Combine(path, RunSubdirectory);
        return File.Exists(Path.Combine(inRun, CardFileName))
            ? inRun
            : throw new FileNotFoundException($"'{path}' is not a saved model: neither {Path.Combine(path, CardFileName)} nor {Path.Combine(inRun, CardFileName)} exists");
    }
}
