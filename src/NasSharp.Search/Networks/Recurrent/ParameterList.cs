using System.Globalization;
using NasSharp.NN;
using NasSharp.Tensors;

namespace NasSharp.Search.Networks.Recurrent;

/// <summary>Parameters named by position ("_Ws.0", "_Ws.1", ...) as PyTorch's nn.ParameterList, so state dicts keep the DARTS code's names.</summary>
internal sealed class ParameterList : Module
{
    private readonly List<Tensor> items = [];

    public int Count => items.Count;

    public Tensor this[int index] => items[index];

    public Tensor Add(Tensor parameter)
    {
        RegisterParameter(items.Count.ToString(CultureInfo.InvariantCulture), parameter);
        items.Add(parameter);
        return parameter;
    }

    public override Tensor Forward(Tensor input) => throw new NotSupportedException("ParameterList holds parameters; it has no forward pass.");
}
