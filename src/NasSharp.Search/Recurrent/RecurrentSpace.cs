namespace NasSharp.Search.Recurrent;

/// <summary>The recurrent search spaces (RECURRENT.md 1); CLI names <c>darts-rnn</c>, <c>tib</c>.</summary>
public enum RecurrentSpace
{
    /// <summary>The dense DARTS recurrent cell (quark0/darts rnn/).</summary>
    DartsRnn,

    /// <summary>The two-input backbone chain with Hadamard ops.</summary>
    Tib,
}
