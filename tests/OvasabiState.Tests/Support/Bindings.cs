using System;
using System.Threading;
using OvasabiState.Serialization;

namespace OvasabiState.Tests.Support;

/// <summary>Gets bindings the way generic runtime code does: through <see cref="ILayered{TSelf}"/>.</summary>
internal static class Bindings
{
    private static readonly ThreadLocal<StateBuffer> Buffers = new(() => new StateBuffer(16));

    /// <summary>The generated binding of <typeparamref name="T"/>, via the static abstract member.</summary>
    public static StateBinding<T> Of<T>()
        where T : ILayered<T> => T.Binding;

    /// <summary>
    /// A buffer reused by every sample on the calling thread (CsCheck samples on several
    /// threads). It starts at 16 bytes, so early samples exercise growth and later ones reuse.
    /// </summary>
    public static StateBuffer ReusedBuffer()
    {
        var buffer = Buffers.Value!;
        buffer.Reset();
        return buffer;
    }

    /// <summary>Deserializes, turning any exception but <see cref="StateFormatException"/> into a test failure that names it.</summary>
    public static bool TryDeserialize<T>(StateBinding<T> binding, ReadOnlySpan<byte> payload, out T? value, out StateFormatException? error)
    {
        try
        {
            value = binding.Deserialize(payload);
            error = null;
            return true;
        }
        catch (StateFormatException e)
        {
            value = default;
            error = e;
            return false;
        }
#pragma warning disable CA1031 // Any other exception is exactly what the test reports.
        catch (Exception e)
#pragma warning restore CA1031
        {
            throw new Xunit.Sdk.XunitException(
                $"{binding.TypeName}: reading {payload.Length} bytes threw {e.GetType().FullName} instead of StateFormatException: {e.Message}\n" +
                $"payload: {Convert.ToHexString(payload[..Math.Min(payload.Length, 512)])}\n{e.StackTrace}");
        }
    }
}
