using NasSharp.Search.Recurrent;

namespace NasSharp.Cli;

/// <summary>What <c>nas search --space darts-rnn|tib</c> was asked for: the library's options plus data, retraining and output.</summary>
internal sealed record RecurrentSearchCliOptions(RecurrentSearchOptions Search, string? Data, string Series, int? TrainTokens, int? AlphaTokens, int RetrainEpochs, string Out, string? Name, bool Json)
{
    /// <summary>--resume NAME: continue the killed run OUT/NAME from its search.safetensors.</summary>
    public string? Resume { get; init; }
}
