namespace OvasabiState.Sample.Bench;

/// <summary>Order statistics over timing samples (sorts the list in place).</summary>
public static class BenchStatistics
{
    public static double Median(List<double> samples) => Percentile(samples, 0.5);

    /// <summary>The nearest-rank percentile, <paramref name="fraction"/> in [0, 1].</summary>
    public static double Percentile(List<double> samples, double fraction)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        samples.Sort();
        var rank = (int)Math.Ceiling(fraction * samples.Count) - 1;
        return samples[Math.Clamp(rank, 0, samples.Count - 1)];
    }
}
