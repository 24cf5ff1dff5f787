using NasSharp.Data;
using NasSharp.NN.Training;

namespace NasSharp.Search.Training;

/// <summary>An image <see cref="DataLoader"/> as a search data stream.</summary>
public sealed class LoaderSearchData(DataLoader loader) : ISearchData<ImageBatch>
{
    public DataLoader Loader { get; } = loader ?? throw new ArgumentNullException(nameof(loader));

    public int BatchCount => Loader.BatchCount;

    public IEnumerable<ImageBatch> Epoch(int epoch) => Loader.Epoch(epoch);
}
