namespace NasSharp.Data;

/// <summary>The train/validation splits of <see cref="ImageDataset"/>.</summary>
public sealed partial class ImageDataset
{
    /// <summary>
    /// A seeded random split: <paramref name="trainFraction"/> of the images (rounded) go to
    /// <see cref="DatasetSplit.Train"/>, the rest to <see cref="DatasetSplit.Validation"/>. With
    /// <paramref name="stratified"/> the fraction is applied to each class separately, so both parts keep
    /// the class proportions. Each part lists its images in ascending index order; the two parts are
    /// disjoint and together cover the dataset.
    /// </summary>
    public DatasetSplit Split(double trainFraction, int seed, bool stratified = false)
    {
        if (!(trainFraction > 0 && trainFraction < 1))
        {
            throw new ArgumentException($"Split of {Name}: the train fraction must be in (0, 1), got {trainFraction}.");
        }

        var random = new Random(seed);
        var train = new List<int>();
        var validation = new List<int>();
        if (stratified)
        {
            for (var c = 0; c < ClassCount; c++)
            {
                var members = Enumerable.Range(0, Count).Where(i => labels[i] == c).ToArray();
                Deal(members, trainFraction, random, train, validation);
            }
        }
        else
        {
            Deal(Enumerable.Range(0, Count).ToArray(), trainFraction, random, train, validation);
        }

        return MakeSplit(train, validation, $"split {trainFraction:0.###} seed {seed}");
    }

    /// <summary>
    /// The DARTS search split (Liu et al. 2019, train_search.py with train_portion = 0.5): the first
    /// floor(Count / 2) images by index train the weights (<see cref="DatasetSplit.Train"/>), the rest
    /// update the architecture parameters (<see cref="DatasetSplit.Validation"/>). By index order, not
    /// shuffled, as DARTS and NAS-Bench-201's "cifar10-valid" do.
    /// </summary>
    public DatasetSplit DartsHalves()
    {
        var half = Count / 2;
        return MakeSplit(Enumerable.Range(0, half).ToList(), Enumerable.Range(half, Count - half).ToList(), "darts");
    }

    private DatasetSplit MakeSplit(List<int> train, List<int> validation, string how)
    {
        if (train.Count == 0 || validation.Count == 0)
        {
            throw new ArgumentException($"Split of {Name} ({Count} images, {how}): gives {train.Count} training and {validation.Count} validation images; both must be non-empty.");
        }

        train.Sort();
        validation.Sort();
        return new DatasetSplit(Subset(train, $"{Name}/train"), Subset(validation, $"{Name}/valid"));
    }

    private static void Deal(int[] members, double fraction, Random random, List<int> train, List<int> validation)
    {
        random.Shuffle(members);
        var take = (int)Math.Round(fraction * members.Length, MidpointRounding.AwayFromZero);
        train.AddRange(members.Take(take));
        validation.AddRange(members.Skip(take));
    }
}
