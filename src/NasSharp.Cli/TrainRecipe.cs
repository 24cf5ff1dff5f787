namespace NasSharp.Cli;

/// <summary>How <c>nas train --task image</c> trains: the stand-alone recipe (NAS-Bench-201's) or DARTS's evaluation recipe.</summary>
internal enum TrainRecipe
{
    /// <summary><c>ClassifierTraining</c>: SGD with Nesterov momentum, cosine schedule, weight decay 5e-4.</summary>
    Standard,

    /// <summary><c>DartsEvaluationTraining</c>: auxiliary head (0.4), drop path ramped to 0.2, gradient clip 5, lr 0.025.</summary>
    Darts,
}
