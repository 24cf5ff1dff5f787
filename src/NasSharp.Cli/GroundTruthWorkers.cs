namespace NasSharp.Cli;

/// <summary>Who trains the units <c>nas groundtruth</c> and <c>nas supernet split</c> enqueue.</summary>
internal enum GroundTruthWorkers
{
    /// <summary>This process works its own units (other workers may help) and waits until every one is done.</summary>
    Local,

    /// <summary>This process only enqueues; <c>nas worker</c> processes train them, and rerunning the command collects the table.</summary>
    External,
}
