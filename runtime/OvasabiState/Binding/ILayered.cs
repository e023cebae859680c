namespace OvasabiState;

/// <summary>
/// Implemented by the generator on every <see cref="LayeredAttribute"/> type: gives generic code
/// (stores, the sync manager) the type's binding without reflection or a registry lookup.
/// </summary>
/// <typeparam name="TSelf">The layered type itself.</typeparam>
public interface ILayered<TSelf>
    where TSelf : ILayered<TSelf>
{
    /// <summary>The generated binding of <typeparamref name="TSelf"/>.</summary>
    static abstract StateBinding<TSelf> Binding { get; }
}
