namespace NasSharp.Cli.Tests;

/// <summary>
/// A supernet directory trained through the CLI on a sliver of the built-in synthetic data (96 training, 40
/// held-out images, C = 4, N = 1): the one-shot supernet for 1 epoch, then its five edge-0 sub-supernets, each by
/// its own <c>nas supernet split --split K</c> call, as separate machines would.
/// </summary>
public sealed class TinySupernet : IDisposable
{
    /// <summary>The sizes every tiny CLI run shares.</summary>
    public static readonly string[] Sizes = ["--channels", "4", "--cells", "1", "--train-images", "96", "--valid-images", "40", "--batch-size", "32"];

    public TinySupernet()
    {
        Directory.CreateDirectory(Root);
        CliRunner.Ok(["supernet", "train", "--dir", Path, "--epochs", "1", .. Sizes]);
        for (var k = 0; k < 5; k++)
        {
            CliRunner.Ok("supernet", "split", "--dir", Path, "--edge", "0", "--split", k.ToString(System.Globalization.CultureInfo.InvariantCulture), "--epochs", "1");
        }
    }

    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nassharp-cli-supernet-" + Guid.NewGuid().ToString("N"));

    public string Path => System.IO.Path.Combine(Root, "supernet");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
