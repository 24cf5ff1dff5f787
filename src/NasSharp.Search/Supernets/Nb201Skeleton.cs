using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Search.Supernets;

/// <summary>
/// The NAS-Bench-201 macro skeleton as a module of its own, for stand-alone networks (<see cref="Nb201Backbone"/> holds
/// the layout, shared with <see cref="Nb201Supernet"/>); subclasses supply the cell.
/// </summary>
public abstract class Nb201Skeleton : Module
{
    private readonly Nb201Backbone backbone;

    protected Nb201Skeleton(Nb201SupernetOptions options, Func<int, Module> createCell, Random random)
    {
        backbone = new Nb201Backbone(options, createCell, random, RegisterModule);
        Options = options;
    }

    /// <summary>The skeleton's sizes.</summary>
    public Nb201SupernetOptions Options { get; }

    /// <summary>Images [N, InputChannels, H, W] (H, W divisible by 4) to logits [N, Classes].</summary>
    public override Tensor Forward(Tensor input) => backbone.Forward(input);
}
