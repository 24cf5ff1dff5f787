namespace NasSharp.Cli.Tests;

/// <summary>
/// A chain-space supernet directory trained through the CLI on a sliver of the built-in synthetic data (96 training,
/// 40 held-out images): the one-shot supernet for 1 epoch, its four layer-0 sub-supernets 1 epoch each, and a chain
/// ground truth of 8 architectures (1 epoch each), all recorded in the fixture's own store.
/// </summary>
public sealed class TinyChainSupernet : IDisposable
{
    /// <summary>The data and batch sizes every tiny chain run shares.</summary>
    public static readonly string[] Sizes = ["--train-images", "96", "--valid-images", "40", "--batch-size", "32", "--threads", "1"];

    public TinyChainSupernet()
    {
        Directory.CreateDirectory(Root);
        CliRunner.Ok(["supernet", "train", "--space", "chain", "--dir", Path, "--epochs", "1", .. Sizes]);
        SplitOutput = CliRunner.Ok("supernet", "split", "--dir", Path, "--edge", "0", "--epochs", "1", "--store", Store, "--threads", "1");
        CliRunner.Ok(["groundtruth", "--space", "chain", "--sample", "8", "--epochs", "1", "--test-images", "40", .. Sizes, "--store", Store, "--out", Truth]);
    }

    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nassharp-cli-chain-" + Guid.NewGuid().ToString("N"));

    public string Path => System.IO.Path.Combine(Root, "supernet");

    /// <summary>The ground-truth directory (groundtruth.csv).</summary>
    public string Truth => System.IO.Path.Combine(Root, "truth");

    public string Store => System.IO.Path.Combine(Root, "nas.db");

    /// <summary>What <c>nas supernet split</c> printed.</summary>
    public string SplitOutput { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
