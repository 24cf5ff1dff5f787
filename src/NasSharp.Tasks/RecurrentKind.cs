namespace NasSharp.Tasks;

/// <summary>The hand-designed recurrent layers the recurrent search is compared with.</summary>
public enum RecurrentKind
{
    /// <summary>Long short-term memory (Hochreiter &amp; Schmidhuber 1997), PyTorch's nn.LSTM.</summary>
    Lstm,

    /// <summary>Gated recurrent unit (Cho et al. 2014), PyTorch's nn.GRU.</summary>
    Gru,
}
