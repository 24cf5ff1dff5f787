using NasSharp.NN;
using NasSharp.NN.Layers;
using NasSharp.NN.Operations;
using NasSharp.Onnx.Proto;
using NasSharp.Search.Networks;
using NasSharp.Search.Networks.Chain;
using NasSharp.Search.Networks.Darts;
using NasSharp.Search.Spaces;
using NasSharp.Search.Spaces.Darts;
using NasSharp.Search.Supernets;

namespace NasSharp.Onnx;

/// <summary>
/// Exports a NasSharp image classifier to ONNX (opset 13-17, default 17): input "input" [batch, C, H, W] with a
/// dynamic batch axis, output "logits" [batch, classes], every parameter and buffer an initializer named by its
/// state-dict key. The graph has evaluation-mode semantics: batch norm with the running statistics (or, for layers
/// that keep none, the batch's own, as NasSharp's evaluation does), dropout and drop path off, no auxiliary head.
/// Networks: the stand-alone NAS-Bench-201 network, the DARTS evaluation network and the chain (ShuffleNetV2) network,
/// and any tree of the layers they are built from. The module tree is walked by child name, so each family's wiring
/// is written once here, in OnnxExporter.Layers.cs and OnnxExporter.Networks.cs, next to the class it mirrors.
/// </summary>
public sealed partial class OnnxExporter
{
    /// <summary>The opset written by default: 17, the last one in which ReduceMean takes its axes as an attribute.</summary>
    public const int DefaultOpset = 17;

    /// <summary>The lowest opset supported: 13 (Split, Slice, Pad and ReduceMean as written here).</summary>
    public const int MinimumOpset = 13;

    private readonly OnnxGraph graph;

    private OnnxExporter(OnnxGraph graph) => this.graph = graph;

    /// <summary>
    /// The ONNX model bytes of <paramref name="network"/> for images of <paramref name="imageShape"/> [C, H, W].
    /// <paramref name="metadata"/> goes into the model's metadata_props (e.g. the genotype and normalisation).
    /// </summary>
    public static byte[] Export(Module network, IReadOnlyList<int> imageShape, int opset = DefaultOpset, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(imageShape);
        if (imageShape.Count != 3 || imageShape.Any(d => d <= 0))
        {
            throw new ArgumentException($"ONNX export: the image shape must be [C, H, W] with positive sizes, got [{string.Join(", ", imageShape)}].", nameof(imageShape));
        }

        if (opset is < MinimumOpset or > DefaultOpset)
        {
            throw new ArgumentException($"ONNX export: opset {opset} is not supported (use {MinimumOpset} to {DefaultOpset}).", nameof(opset));
        }

        var classifier = Child(network, "classifier") as Linear
            ?? throw new ArgumentException($"ONNX export: {network.GetType().Name} has no 'classifier' layer; exportable networks are image classifiers.", nameof(network));
        var graph = new OnnxGraph(network.GetType().Name, "input", [null, imageShape[0], imageShape[1], imageShape[2]]);
        var exporter = new OnnxExporter(graph);
        var logits = exporter.Emit(network, string.Empty, graph.InputName);
        graph.SetOutput(logits, "logits", [null, classifier.OutFeatures]);
        var version = typeof(OnnxExporter).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0";
        return OnnxModelWriter.Serialize(graph, opset, version, metadata);
    }

    /// <summary>Writes <see cref="Export"/>'s bytes to <paramref name="path"/>.</summary>
    public static void Save(string path, Module network, IReadOnlyList<int> imageShape, int opset = DefaultOpset, IReadOnlyDictionary<string, string>? metadata = null) =>
        File.WriteAllBytes(path, Export(network, imageShape, opset, metadata));

    /// <summary>Appends the nodes of <paramref name="module"/> (state-dict prefix <paramref name="prefix"/>) applied to value <paramref name="x"/>; returns the output value.</summary>
    private string Emit(Module module, string prefix, string x) => module switch
    {
        Sequential s => s.Layers.Select((layer, i) => (layer, i)).Aggregate(x, (value, l) => Emit(l.layer, Join(prefix, l.i), value)),
        Conv2d conv => Convolution(conv, prefix, x),
        BatchNorm2d bn => BatchNorm(bn, prefix, x),
        Linear linear => Gemm(linear, prefix, x),
        Relu => graph.Add("Relu", [x]),
        Sigmoid => graph.Add("Sigmoid", [x]),
        Tanh => graph.Add("Tanh", [x]),
        LeakyRelu leaky => graph.Add("LeakyRelu", [x], OnnxAttributeProto.Float("alpha", leaky.Slope)),
        AvgPool2d pool => Pool("AveragePool", pool.KernelSize, pool.Stride, pool.Padding, x, OnnxAttributeProto.Int("count_include_pad", pool.CountIncludePad ? 1 : 0)),
        MaxPool2d pool => Pool("MaxPool", pool.KernelSize, pool.Stride, pool.Padding, x),
        GlobalAvgPool2d => GlobalAveragePool(x),
        Flatten => graph.Add("Flatten", [x], OnnxAttributeProto.Int("axis", 1)),
        Identity or Dropout => x,
        Zero zero => ZeroLike(x, zero.Stride),
        ReluConvBn or SepConv or DilConv => Emit(Child(module, "op")!, Join(prefix, "op"), x),
        FactorizedReduce => EmitFactorizedReduce(module, prefix, x),
        ResidualReductionBlock => EmitResidualReduction(module, prefix, x),
        Nb201GenotypeCell cell => EmitNb201Cell(cell, prefix, x),
        Nb201Network network => EmitNb201Network(network, prefix, x),
        DartsNetwork network => EmitDartsNetwork(network, prefix, x),
        ShuffleBlock block => EmitShuffle(block, prefix, x),
        ChainNetwork network => EmitChainNetwork(network, prefix, x),
        _ => throw new ArgumentException($"ONNX export: no ONNX form for {module.GetType().Name}{(prefix.Length > 0 ? $" ('{prefix}')" : string.Empty)}; exportable are the stand-alone NB201, DARTS and chain networks and their layers."),
    };

    /// <summary>The child named <paramref name="name"/>, or null.</summary>
    private static Module? Child(Module module, string name) =>
        module.NamedChildren().FirstOrDefault(c => c.Name == name).Module;

    private static Module Required(Module module, string name) =>
        Child(module, name) ?? throw new ArgumentException($"ONNX export: {module.GetType().Name} has no child '{name}'.");

    private static string Join(string prefix, object name) => prefix.Length == 0 ? $"{name}" : $"{prefix}.{name}";
}
