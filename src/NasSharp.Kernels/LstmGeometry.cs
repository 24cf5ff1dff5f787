namespace NasSharp.Kernels;

/// <summary>
/// The layout of one LSTM time step for <see cref="LstmPointwise"/>: gate rows [Batch, 4 Hidden] (i, f, g, o blocks of
/// Hidden each, PyTorch's order) and state rows [Batch, Hidden].
/// </summary>
public readonly record struct LstmGeometry(int Batch, int Hidden)
{
    /// <summary>Elements of a gate buffer, Batch x 4 Hidden.</summary>
    public int GateLength => Batch * 4 * Hidden;

    /// <summary>Elements of a state buffer, Batch x Hidden.</summary>
    public int StateLength => Batch * Hidden;

    /// <summary>Throws unless the gate buffer has <see cref="GateLength"/> elements and the three state buffers <see cref="StateLength"/>.</summary>
    public void Validate(int gates, int state1, int state2, int state3)
    {
        if (Batch <= 0 || Hidden <= 0 || gates != (long)Batch * 4 * Hidden || state1 != StateLength || state2 != StateLength || state3 != StateLength)
        {
            throw new ArgumentException($"LstmPointwise: buffers (gates {gates}, states {state1}, {state2}, {state3}) do not match {this} ([B, 4H] and [B, H]).");
        }
    }
}
