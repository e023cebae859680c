namespace OvasabiState.Serialization;

/// <summary>Writes one element of a collection; generated code passes static lambdas (cached, no allocation).</summary>
public delegate void ElementWriter<in T>(ref StateWriter writer, T value);

/// <summary>Reads one element of a collection.</summary>
public delegate T ElementReader<out T>(ref StateReader reader);
