namespace NasSharp.Data;

/// <summary>
/// How long each training window of a token stream is (truncated back-propagation through time). The DARTS recurrent
/// code draws a length per window (quark0/darts, rnn/train_search.py and rnn/train.py, after AWD-LSTM's main.py,
/// Merity et al., ICLR 2018, section 4.1 "variable length backpropagation sequences") and scales the weight learning
/// rate of that step by length / bptt; see <see cref="BpttPlan"/>.
/// </summary>
public enum BpttLengthRule
{
    /// <summary>Every window is bptt steps (PyTorch's word_language_model; every evaluation pass).</summary>
    Fixed,

    /// <summary>bptt with probability 0.95, else bptt / 2 truncated to an integer (DARTS rnn/train_search.py).</summary>
    DartsSearch,

    /// <summary>
    /// As <see cref="DartsSearch"/>, then int(N(that, 5)) clamped to [5, bptt + 20] (DARTS rnn/train.py, whose
    /// max_seq_len_delta is 20; AWD-LSTM main.py).
    /// </summary>
    DartsRetrain,
}
